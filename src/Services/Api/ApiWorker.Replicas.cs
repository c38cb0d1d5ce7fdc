// Replica requests (ctl/share_replicas; api.py: create/delete/promote_share_replica, update_share_replica; fact
// sheet §1.3). Legacy keeps Manila's guards as read-then-write; replica delete has no status guard at all. Guarded
// turns each status guard into the machine's test-and-set and, under the share's replica lock (released before the
// cast), refuses a request while a sibling replica is in a transitional status: the managers no longer hold that
// lock across their driver calls, so these statuses are what keeps replica work of one share apart.
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.Services.Quota;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    static ReplicaView ReplicaViewOf(ShareInstance i) => new(i.Id, i.ShareId, i.Status.Value, i.ReplicaState?.Value, i.Host);

    public async Task<ApiResponse<ReplicaView>> GetReplica(string replicaId)
    {
        await Enter($"GET /share-replicas/{replicaId}");
        var replica = await d.Db.Get<ShareInstance>(replicaId);
        return replica?.ReplicaState is null ? Answer.NotFound<ReplicaView>($"replica {replicaId} not found") : Answer.Ok(ReplicaViewOf(replica));
    }

    public async Task<ApiResponse<IReadOnlyList<ReplicaView>>> ListReplicas(string shareId)
    {
        await Enter($"GET /share-replicas?share_id={shareId}");
        var instances = await d.Db.Where<ShareInstance>(shareId, i => i.ShareId == shareId);
        return Answer.Ok<IReadOnlyList<ReplicaView>>(instances.Where(i => i.ReplicaState is not null).Select(ReplicaViewOf).ToList());
    }

    /// <summary>Guarded: the sibling check and the request's own write are one step under the share's replica lock.</summary>
    async Task<LockLease?> GuardedReplicaLock(string shareId) =>
        d.IsGuarded ? await d.Locks.AcquireAsync(Host, LockNames.ReplicaOperation(shareId)) : null;

    /// <summary>Guarded: a replica of the share (other than <paramref name="exceptId"/>) in a transitional status.</summary>
    async Task<ShareInstance?> BusySibling(string shareId, string? exceptId)
    {
        var instances = await d.Db.Where<ShareInstance>(shareId, i => i.ShareId == shareId);
        return instances.FirstOrDefault(i => i.Id != exceptId && d.Machines.ShareInstance.KindOf(i.Status) == StateKind.Transitional);
    }

    /// <summary>Guarded: a replica of the share being created or deleted, so the set of replicas is changing.</summary>
    async Task<ShareInstance?> ReplicaComingOrGoing(string shareId)
    {
        var instances = await d.Db.Where<ShareInstance>(shareId, i => i.ShareId == shareId);
        return instances.FirstOrDefault(i => i.Status == ShareInstanceStatus.Creating || i.Status == ShareInstanceStatus.Deleting);
    }

    static ApiResponse<T> SiblingBusy<T>(ShareInstance sibling) where T : class =>
        Answer.Conflict<T>($"replica {sibling.Id} of share {sibling.ShareId} is {sibling.Status}; retry once it finishes");

    public async Task<ApiResponse<ReplicaView>> CreateReplica(string shareId, string? availabilityZone)
    {
        await Enter($"POST /share-replicas share={shareId}");
        var (share, instances) = await LoadShare(shareId);
        if (share is null) return Answer.NotFound<ReplicaView>($"share {shareId} not found");
        if (share.ReplicationType is null) return Answer.BadRequest<ReplicaView>($"share {shareId} is not replicated");
        if (share.ShareGroupId is not null) return Answer.BadRequest<ReplicaView>($"share {shareId} is in share group {share.ShareGroupId}");
        if (IsBusy(instances)) return Answer.Conflict<ReplicaView>($"share {shareId} is busy");
        if (!instances.Any(i => i.ReplicaState == ReplicaState.Active && i.Status == ShareInstanceStatus.Available))
            return Answer.BadRequest<ReplicaView>($"share {shareId} has no active replica in available state");
        // Guarded: the network check and the replica insert exclude a network update (released before the cast).
        await using var networkGuard = await GuardNetwork(share.ShareNetworkId);
        if (share.ShareNetworkId is not null)
        {
            var problem = await ShareNetworkProblem(share.ShareNetworkId, ApiAction.CreateReplica);
            if (problem is not null) return problem.As<ReplicaView>();
        }
        // api.py: create_share_replica reserves share_replicas and replica_gigabytes, commits once the row exists.
        // Guarded reserves in the replica lock, for the size a fresh read gives: a resize may finish meanwhile.
        async Task<(IReadOnlyList<string>? Reservations, ApiResponse<ReplicaView>? OverQuota)> Reserve(int sizeGb)
        {
            try
            {
                return (await d.Quotas.Reserve(share.ProjectId, (QuotaResources.ShareReplicas, 1), (QuotaResources.ReplicaGigabytes, sizeGb)), null);
            }
            catch (OverQuotaException ex)
            {
                return (null, Answer.OverQuota<ReplicaView>(ex.Message));
            }
        }
        IReadOnlyList<string>? reservations = null;
        if (!d.IsGuarded)
        {
            (reservations, var overQuota) = await Reserve(share.Size);
            if (overQuota is not null) return overQuota;
        }
        ShareInstance replica;
        await using (var guard = await GuardedReplicaLock(shareId))
        {
            if (guard is not null)
            {
                var refusal = await GuardedCreateRefusal(shareId);
                if (refusal is not null) return refusal;
                share = await d.Db.Get<Share>(shareId) ?? share;
                (reservations, var overQuota) = await Reserve(share.Size);
                if (overQuota is not null) return overQuota;
            }
            replica = new ShareInstance
            {
                Id = d.Ids.Next("instance"), ShareId = shareId, Status = d.Machines.ShareInstance.Initial,
                ReplicaState = ReplicaState.OutOfSync, Size = share.Size, ShareNetworkId = share.ShareNetworkId,
                AvailabilityZone = availabilityZone, CastRulesToReadonly = share.ReplicationType == "readable",
                CreatedAt = Sim.UtcNow,
            };
            // Guarded: the rules are copied under the share's rules lock, the one deny takes, and a rule being denied is
            // not copied, so a deny accepted before or after this request leaves no live mapping of its rule behind.
            await using var rulesGuard = guard is null ? null : await d.Locks.AcquireAsync(Host, LockNames.AccessRulesOfShare(shareId));
            var snapshots = await d.Db.Where<Snapshot>(shareId, s => s.ShareId == shareId);
            var rules = await d.Db.Where<AccessRule>(shareId, r => r.ShareId == shareId);
            if (rulesGuard is not null)
            {
                rules = await WithoutRulesBeingDenied(rules);
                snapshots = await WithoutSnapshotsBeingDeleted(snapshots);
            }
            var snapshotInstanceIds = snapshots.Select(_ => d.Ids.Next("snapinstance")).ToList();
            var mappingIds = rules.Select(_ => d.Ids.Next("mapping")).ToList();
            // The replica, a `creating` snapshot instance per existing snapshot, and the share's rules, in one transaction.
            await d.Db.Transaction(Storage.Db.Key<ShareInstance>(replica.Id), store =>
            {
                store.Insert(replica);
                for (int i = 0; i < snapshots.Count; i++)
                    store.Insert(new SnapshotInstance
                    {
                        Id = snapshotInstanceIds[i], SnapshotId = snapshots[i].Id, ShareInstanceId = replica.Id,
                        Status = d.Machines.SnapshotInstance.Initial, CreatedAt = Sim.UtcNow,
                    });
                for (int i = 0; i < rules.Count; i++)
                    store.Insert(new AccessRuleMapping
                    {
                        Id = mappingIds[i], AccessId = rules[i].Id, ShareInstanceId = replica.Id,
                        Status = d.Machines.AccessMapping.Initial, CreatedAt = Sim.UtcNow,
                    });
            });
            await d.Quotas.Commit(share.ProjectId, reservations!);
        }
        if (networkGuard is not null) await networkGuard.DisposeAsync();
        var request = new Api.CreateShareRequest(share.Size, share.ShareProto)
        {
            ReplicationType = share.ReplicationType, ShareNetworkId = share.ShareNetworkId, AvailabilityZone = availabilityZone,
        };
        await d.Rpc.CastAsync(Deployment.SchedulerHost, "create_share_replica", () => d.Scheduler.CreateShareReplica(replica.Id, request));
        return Answer.Accepted(ReplicaViewOf(replica));
    }

    static readonly SnapshotInstanceStatus[] BeingDeleted =
    [
        SnapshotInstanceStatus.Deleting, SnapshotInstanceStatus.DeferredDeleting,
        SnapshotInstanceStatus.ErrorDeleting, SnapshotInstanceStatus.ErrorDeferredDeleting,
    ];

    /// <summary>Guarded, in the replica lock a snapshot delete also takes: the snapshots none of whose instances is being
    /// deleted, failed to be, or gone already (a new replica's instance of one would outlive it).</summary>
    async Task<IReadOnlyList<Snapshot>> WithoutSnapshotsBeingDeleted(IReadOnlyList<Snapshot> snapshots)
    {
        var kept = new List<Snapshot>(snapshots.Count);
        foreach (var snapshot in snapshots)
        {
            var instances = await d.Db.Where<SnapshotInstance>(snapshot.Id, s => s.SnapshotId == snapshot.Id);
            if (instances.Count > 0 && !instances.Any(i => BeingDeleted.Contains(i.Status))) kept.Add(snapshot);
        }
        return kept;
    }

    /// <summary>The rules none of whose mappings is queued to be denied, being denied, or in error (a rule whose deny
    /// failed has an unknown backend state), and that still have a mapping (the last one's deny deletes the rule with
    /// it, after the rules were read): none of these may be granted afresh on a new replica.</summary>
    async Task<IReadOnlyList<AccessRule>> WithoutRulesBeingDenied(IReadOnlyList<AccessRule> rules)
    {
        var kept = new List<AccessRule>(rules.Count);
        foreach (var rule in rules)
        {
            var mappings = await d.Db.Where<AccessRuleMapping>(rule.Id, m => m.AccessId == rule.Id);
            if (mappings.Count > 0 && !mappings.Any(m => m.Status == AccessMappingState.QueuedToDeny || m.Status == AccessMappingState.Denying
                    || m.Status == AccessMappingState.Error))
                kept.Add(rule);
        }
        return kept;
    }

    /// <summary>Guarded re-check, in the lock: the active replica still available and no sibling mid-operation.</summary>
    async Task<ApiResponse<ReplicaView>?> GuardedCreateRefusal(string shareId)
    {
        var instances = await d.Db.Where<ShareInstance>(shareId, i => i.ShareId == shareId);
        if (!instances.Any(i => i.ReplicaState == ReplicaState.Active && i.Status == ShareInstanceStatus.Available))
            return Answer.BadRequest<ReplicaView>($"share {shareId} has no active replica in available state");
        var busy = await BusySibling(shareId, exceptId: null);
        return busy is null ? null : SiblingBusy<ReplicaView>(busy);
    }

    public async Task<ApiResponse<NoContent>> DeleteReplica(string replicaId, bool force)
    {
        await Enter($"DELETE /share-replicas/{replicaId}" + (force ? " (force)" : ""));
        var replica = await d.Db.Get<ShareInstance>(replicaId);
        if (replica?.ReplicaState is null) return Answer.NotFound<NoContent>($"replica {replicaId} not found");
        var host = replica.Host;
        await using (var guard = await GuardedReplicaLock(replica.ShareId))
        {
            if (guard is not null)
            {
                replica = await d.Db.Get<ShareInstance>(replicaId);
                if (replica?.ReplicaState is null) return Answer.NotFound<NoContent>($"replica {replicaId} not found");
                var busy = await BusySibling(replica.ShareId, replicaId);
                if (busy is not null) return SiblingBusy<NoContent>(busy);
            }
            var siblings = await d.Db.Where<ShareInstance>(replica.ShareId, i => i.ShareId == replica.ShareId);
            // The only rule Manila has: the last active replica stays.
            if (replica.ReplicaState == ReplicaState.Active && siblings.Count(i => i.ReplicaState == ReplicaState.Active) <= 1)
                return Answer.BadRequest<NoContent>($"replica {replicaId} is the only active replica of share {replica.ShareId}");
            var lifecycle = d.Machines.ShareInstance;
            if (replica.Host is null)
            {
                if (!lifecycle.CanFire(replica.Status, "api.replica_delete.hostless"))
                    return Answer.Conflict<NoContent>($"replica {replicaId} is {replica.Status} and has no host");
                // db.share_replica_delete releases the replica quota in the row's own transaction.
                var shareId = replica.ShareId;
                await d.Transitions.TakeDelete(lifecycle, replica, "api.replica_delete.hostless",
                    store => Manager.ShareRows.ReleaseWithReplica(d, store, shareId, replicaId));
                return Answer.Accepted(NoContent.Value);
            }
            var trigger = force ? Triggers.ForceDelete : "api.replica_delete";
            if (!lifecycle.CanFire(replica.Status, trigger))
                return Answer.Conflict<NoContent>($"replica {replicaId} is {replica.Status}; delete needs available or error");
            if (guard is not null)
            {
                // Guarded: claimed as a share instance's delete is, never while a rule sync of the replica is in flight.
                if (await ClaimForDelete(replica, trigger, (_, _) => Task.FromResult<ApiResponse<NoContent>?>(null)) is { } refused) return refused;
            }
            else if (!await d.Transitions.Take(lifecycle, replica, trigger))
                return Answer.Conflict<NoContent>($"replica {replicaId} changed status meanwhile");
            host = replica.Host;
        }
        await d.Rpc.CastAsync(host, "delete_share_replica", () => d.Manager(host).DeleteShareReplica(replicaId, force));
        return Answer.Accepted(NoContent.Value);
    }

    /// <summary>Promote; <paramref name="admin"/> may promote an out_of_sync or error replica, users may not.</summary>
    public async Task<ApiResponse<ReplicaView>> PromoteReplica(string replicaId, bool admin)
    {
        await Enter($"POST /share-replicas/{replicaId}/action promote");
        var replica = await d.Db.Get<ShareInstance>(replicaId);
        if (replica?.ReplicaState is null) return Answer.NotFound<ReplicaView>($"replica {replicaId} not found");
        if (replica.ReplicaState == ReplicaState.Active) return Answer.Ok(ReplicaViewOf(replica)); // already active: no-op
        if (!d.Machines.ShareInstance.Permits(replica.Status, ApiAction.PromoteReplica))
            return Answer.Conflict<ReplicaView>($"replica {replicaId} is {replica.Status}; promote needs available");
        d.Coverage.Action(d.Machines.ShareInstance, replica.Status, ApiAction.PromoteReplica);
        if (!admin && (replica.ReplicaState == ReplicaState.OutOfSync || replica.ReplicaState == ReplicaState.Error))
            return Answer.Forbidden<ReplicaView>($"replica {replicaId} is {replica.ReplicaState}; only an admin may promote it");
        await using (await GuardNetwork(replica.ShareNetworkId)) // Guarded: check and write exclude a network update
        {
            if (replica.ShareNetworkId is not null)
            {
                var problem = await ShareNetworkProblem(replica.ShareNetworkId, ApiAction.PromoteReplica);
                if (problem is not null) return problem.As<ReplicaView>();
            }
            await using (var guard = await GuardedReplicaLock(replica.ShareId))
            {
                if (guard is not null && await BusySibling(replica.ShareId, replicaId) is { } busy) return SiblingBusy<ReplicaView>(busy);
                if (!await d.Transitions.Take(d.Machines.ShareInstance, replica, "api.promote"))
                    return Answer.Conflict<ReplicaView>($"replica {replicaId} changed status meanwhile");
            }
        }
        var host = replica.Host!;
        await d.Rpc.CastAsync(host, "promote_share_replica", () => d.Manager(host).PromoteShareReplica(replicaId));
        return Answer.Accepted(ReplicaViewOf(replica));
    }

    public async Task<ApiResponse<ReplicaView>> ResyncReplica(string replicaId)
    {
        await Enter($"POST /share-replicas/{replicaId}/action resync");
        var replica = await d.Db.Get<ShareInstance>(replicaId);
        if (replica?.ReplicaState is null) return Answer.NotFound<ReplicaView>($"replica {replicaId} not found");
        if (replica.ReplicaState == ReplicaState.Active) return Answer.Ok(ReplicaViewOf(replica));
        if (replica.Host is null) return Answer.Conflict<ReplicaView>($"replica {replicaId} has no host yet");
        var host = replica.Host;
        await d.Rpc.CastAsync(host, "update_share_replica", () => d.Manager(host).UpdateShareReplica(replicaId));
        return Answer.Accepted(ReplicaViewOf(replica));
    }
}
