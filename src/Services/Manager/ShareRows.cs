// What goes with a share instance's row delete, in the same transaction: its quota, and the share row with the last
// instance (db: _share_instance_delete, 3c5963049: only the winner of the row delete commits the quota change).
using SimManila.Model;
using SimManila.Services.History;
using SimManila.Services.Quota;

using SimManila.Services.Coordination;

namespace SimManila.Services.Manager;

static class ShareRows
{
    public static void ReleaseWithInstance(Deployment d, ManilaStore store, string shareId, ShareInstance instance)
    {
        var share = store.Find<Share>(shareId);
        if (share is null) return;
        // Before LP 1707377 (3c5963049) the API released shares and gigabytes per delete request instead (DeleteShare).
        bool shareQuotaHere = !d.Lacks(Fixes.QuotaReleasedWithRowDelete);
        // The last instance of a replicated share is also its last replica: both charges go (db:
        // _update_share_instance_usages, "A share that had a replication_type is being deleted").
        if (IsReplicated(share, instance) && shareQuotaHere)
            d.Quotas.ApplyInTransaction(store, share.ProjectId, (QuotaResources.Shares, -1), (QuotaResources.Gigabytes, -share.Size),
                (QuotaResources.ShareReplicas, -1), (QuotaResources.ReplicaGigabytes, -share.Size));
        else if (IsReplicated(share, instance))
            d.Quotas.ApplyInTransaction(store, share.ProjectId, (QuotaResources.ShareReplicas, -1), (QuotaResources.ReplicaGigabytes, -share.Size));
        else if (shareQuotaHere)
            d.Quotas.ApplyInTransaction(store, share.ProjectId, (QuotaResources.Shares, -1), (QuotaResources.Gigabytes, -share.Size));
        DropMappingsWithInstance(d, store, instance.Id);
        if (store.Where<ShareInstance>(i => i.ShareId == shareId).Count == 0)
            store.SoftDelete<Share>(shareId, d.Sim.UtcNow);
    }

    /// <summary>
    /// A replica's row delete releases its replica quota in the same transaction: Manila's manager calls
    /// db.share_replica_delete (need_to_update_usages=True), whose _share_instance_delete runs
    /// _update_share_instance_usages with {share_replicas: -1, replica_gigabytes: -share.size} (manila/db/sqlalchemy/api.py).
    /// </summary>
    public static void ReleaseWithReplica(Deployment d, ManilaStore store, string shareId, string replicaId)
    {
        DropMappingsWithInstance(d, store, replicaId);
        var share = store.Find<Share>(shareId);
        if (share is null) return;
        d.Quotas.ApplyInTransaction(store, share.ProjectId, (QuotaResources.ShareReplicas, -1), (QuotaResources.ReplicaGigabytes, -share.Size));
    }

    /// <summary>A rule goes when its last mapping does (db: share_instance_access_delete).</summary>
    public static void DeleteRuleWithLastMapping(ManilaStore store, string accessId, DateTime at)
    {
        if (store.Where<AccessRuleMapping>(m => m.AccessId == accessId).Count == 0 && store.Find<AccessRule>(accessId) is not null)
            store.SoftDelete<AccessRule>(accessId, at);
    }

    /// <summary>
    /// Guarded: a replica whose create failed never had a rule applied, so a deny accepted meanwhile (its mapping
    /// queued_to_deny on the replica, which no sync will ever reach) is done: the mapping goes, and the rule with its last.
    /// Manila leaves it queued, as Legacy does.
    /// </summary>
    public static async Task FinishDeniesOnFailedReplica(Deployment d, string host, string replicaId)
    {
        if (!d.IsGuarded) return;
        await using var _ = await d.Locks.AcquireAsync(host, LockNames.AccessRulesOfInstance(replicaId));
        foreach (var m in await d.Db.Where<AccessRuleMapping>(replicaId, m => m.ShareInstanceId == replicaId))
            if (m.Status == AccessMappingState.QueuedToDeny)
                await d.Transitions.TakeDelete(d.Machines.AccessMapping, m, "mgr.replica_create.error",
                    store => DeleteRuleWithLastMapping(store, m.AccessId, d.Sim.UtcNow));
    }

    /// <summary>Guarded: mappings a forced delete could not remove from the backend (left in error) go with their
    /// instance, so no live row points at a deleted one. Manila leaves them behind (db: share_instance_delete), as Legacy does.</summary>
    static void DropMappingsWithInstance(Deployment d, ManilaStore store, string instanceId)
    {
        if (!d.IsGuarded) return;
        foreach (var mapping in store.Where<AccessRuleMapping>(m => m.ShareInstanceId == instanceId))
            store.SoftDelete<AccessRuleMapping>(mapping.Id, d.Sim.UtcNow);
    }

    /// <summary>Every instance of a share with a replication type is a replica, charged to the replica quotas.</summary>
    public static bool IsReplicated(Share share, ShareInstance instance) => share.ReplicationType is not null || instance.ReplicaState is not null;

    public static void ReleaseWithSnapshotInstance(Deployment d, ManilaStore store, SnapshotInstance instance)
    {
        var snapshot = store.Find<Snapshot>(instance.SnapshotId);
        if (snapshot is null) return;
        if (store.Where<SnapshotInstance>(s => s.SnapshotId == snapshot.Id).Count > 0) return;
        d.Quotas.ApplyInTransaction(store, snapshot.ProjectId, (QuotaResources.Snapshots, -1), (QuotaResources.SnapshotGigabytes, -snapshot.Size));
        store.SoftDelete<Snapshot>(snapshot.Id, d.Sim.UtcNow);
    }
}
