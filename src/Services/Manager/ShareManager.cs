// manila-share on one backend host: handles casts for shares (create, delete, extend, shrink, revert), calls its
// driver and writes results back. Under Guarded it first re-validates that the row is still in the state the cast
// expects; under Legacy it trusts the message, as Manila does.
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.Services.Quota;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager(Deployment d, IShareDriver driver, ILogger log)
{
    public string Host => driver.Host;
    public IShareDriver Driver => driver;

    /// <summary>Guarded only: is the row still where the cast left it? A stale message is dropped, not acted on.</summary>
    bool StillExpected<TStatus>(string what, string id, TStatus? actual, params TStatus[] expected) where TStatus : ManilaStatus<TStatus>
    {
        if (!d.IsGuarded) return true;
        if (actual is not null && expected.Contains(actual)) return true;
        if (log.IsEnabled(LogLevel.Information))
            log.LogInformation("{What} {Id} is {Actual}, not {Expected}: message dropped", what, id, actual?.Value ?? "gone", string.Join("/", expected.Select(e => e.Value)));
        return false;
    }

    static DriverShare ToDriver(ShareInstance instance, Share share) =>
        new(instance.Id, share.Id, instance.Size, share.ShareProto, instance.ShareServerId);

    async Task<(ShareInstance Instance, Share Share)?> Load(string instanceId)
    {
        var instance = await d.Db.Get<ShareInstance>(instanceId);
        if (instance is null) return null;
        var share = await d.Db.Get<Share>(instance.ShareId);
        return share is null ? null : (instance, share);
    }

    public async Task CreateShareInstance(string instanceId)
    {
        var loaded = await Load(instanceId)
            ?? throw new EntityNotFoundException(typeof(ShareInstance), instanceId);
        var (instance, share) = loaded;
        if (!StillExpected("share instance", instanceId, instance.Status, ShareInstanceStatus.Creating)) return;
        DriverCreateResult result;
        try
        {
            string? serverId = null;
            if (driver.Capabilities.DriverHandlesShareServers)
            {
                if (instance.ShareNetworkId is null)
                    throw new ShareBackendException($"{Host} handles share servers: share {share.Id} needs a share network");
                serverId = await ProvideShareServer(instance.Id, instance.ShareNetworkId, instance.AvailabilityZone);
            }
            var target = ToDriver(instance, share) with { ServerId = serverId };
            if (share.SnapshotId is null) result = await driver.CreateShareAsync(target);
            else
            {
                var source = await SourceSnapshotInstance(share.SnapshotId);
                result = await driver.CreateShareFromSnapshotAsync(target, source);
            }
        }
        catch (ShareBackendException ex)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("create {Instance} failed: {Error}", instanceId, ex.Message);
            await d.Transitions.Take(d.Machines.ShareInstance, instance, "mgr.create.error");
            return;
        }
        var trigger = result.Status == ShareInstanceStatus.CreatingFromSnapshot.Value ? "mgr.create.from_snapshot_pending" : "mgr.create.ok";
        // The first instance of a replicated share is born the active replica.
        bool replicated = share.ReplicationType is not null;
        await d.Transitions.Take(d.Machines.ShareInstance, instance, trigger, i =>
        {
            i.ExportLocation = result.ExportLocation;
            if (replicated) i.ReplicaState = ReplicaState.Active;
        });
    }

    /// <summary>The source of a create from a snapshot. Deleted meanwhile, Manila's lookup raises and the instance stays
    /// creating; Guarded re-validates and fails the create instead.</summary>
    async Task<DriverSnapshot> SourceSnapshotInstance(string snapshotId)
    {
        var snapshot = await d.Db.Get<Snapshot>(snapshotId);
        var instance = snapshot is null ? null : (await d.Db.Where<SnapshotInstance>(snapshotId, s => s.SnapshotId == snapshotId)).FirstOrDefault();
        if (instance is not null) return new DriverSnapshot(instance.Id, snapshot!.Id, instance.ShareInstanceId, snapshot.Size);
        if (d.IsGuarded) throw new ShareBackendException($"{Host}: source snapshot {snapshotId} was deleted before the share was created from it");
        throw new EntityNotFoundException(typeof(Snapshot), snapshotId);
    }

    /// <summary>periodic_share_status_update: finishes shares the driver left in creating_from_snapshot.</summary>
    public async Task PollCreatingFromSnapshot()
    {
        var pending = await d.Db.Where<ShareInstance>("host:" + Host,
            i => i.Host == Host && i.Status == ShareInstanceStatus.CreatingFromSnapshot);
        foreach (var instance in pending)
        {
            var share = await d.Db.Get<Share>(instance.ShareId);
            if (share is null) continue;
            string status;
            try { status = await driver.GetShareStatusAsync(ToDriver(instance, share)); }
            catch (ShareBackendException) { status = "error"; }
            if (status == "available") await d.Transitions.Take(d.Machines.ShareInstance, instance, "periodic.share_status.ok");
            else if (status == "error") await d.Transitions.Take(d.Machines.ShareInstance, instance, "periodic.share_status.error");
        }
    }

    public async Task DeleteShareInstance(string instanceId, bool force)
    {
        var loaded = await Load(instanceId)
            ?? throw new EntityNotFoundException(typeof(ShareInstance), instanceId);
        var (instance, share) = loaded;
        if (!StillExpected("share instance", instanceId, instance.Status, ShareInstanceStatus.Deleting, ShareInstanceStatus.DeferredDeleting)) return;
        var lifecycle = d.Machines.ShareInstance;
        // The API chose the path: a deferred delete fails into error_deferred_deleting, retried by the periodic task.
        bool deferred = instance.Status == ShareInstanceStatus.DeferredDeleting;
        string okTrigger = deferred ? "mgr.deferred_delete.ok" : "mgr.delete.ok";
        string errorTrigger = deferred ? "mgr.deferred_delete.error" : "mgr.delete.error";
        try
        {
            await UpdateAccessRules(instanceId, deleteAllRules: true);
        }
        catch (ShareBackendException ex) when (!force)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("removing rules of {Instance} failed: {Error}", instanceId, ex.Message);
            await d.Transitions.Take(lifecycle, instance, errorTrigger);
            return;
        }
        catch (ShareBackendException) { /* forced: carry on */ }
        try
        {
            await driver.DeleteShareAsync(ToDriver(instance, share));
        }
        catch (ShareResourceNotFoundException) when (d.IsGuarded)
        {
            // Guarded: gone already (an earlier run of this delete did it and died before its write): deleted.
        }
        catch (ShareBackendException ex) when (!force)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("delete {Instance} failed: {Error}", instanceId, ex.Message);
            await d.Transitions.Take(lifecycle, instance, errorTrigger);
            return;
        }
        catch (ShareBackendException) { d.ForceDeleteLeftovers.Add(instance.Id); /* forced: the row goes anyway */ }
        await d.Transitions.TakeDelete(lifecycle, instance, okTrigger,
            store => ShareRows.ReleaseWithInstance(d, store, share.Id, instance));
    }

    public async Task ExtendShare(string instanceId, int newSize, string projectId, IReadOnlyList<string> reservations)
    {
        var loaded = await Load(instanceId)
            ?? throw new EntityNotFoundException(typeof(ShareInstance), instanceId);
        var (instance, share) = loaded;
        if (!StillExpected("share instance", instanceId, instance.Status, ShareInstanceStatus.Extending))
        {
            await d.Quotas.Rollback(projectId, reservations);
            return;
        }
        try
        {
            await driver.ExtendShareAsync(ToDriver(instance, share), newSize);
        }
        catch (ShareBackendException)
        {
            await d.Quotas.Rollback(projectId, reservations);
            await d.Transitions.Take(d.Machines.ShareInstance, instance, "mgr.extend.error");
            return;
        }
        await FinishResize(instance, share, "mgr.extend.ok", newSize, projectId, reservations);
    }

    /// <summary>The new size and the quota commit: Legacy commits, then writes, as Manila; Guarded does both in the
    /// status write's transaction, so a handler redelivered after a crash between them commits once.</summary>
    async Task FinishResize(ShareInstance instance, Share share, string trigger, int newSize, string projectId, IReadOnlyList<string> reservations)
    {
        if (!d.IsGuarded) await d.Quotas.Commit(projectId, reservations);
        await d.Transitions.Take(d.Machines.ShareInstance, instance, trigger, i => i.Size = newSize, store =>
        {
            store.Update<Share>(share.Id, s => s.Size = newSize);
            if (d.IsGuarded) d.Quotas.CommitInTransaction(store, reservations);
        });
    }

    public async Task ShrinkShare(string instanceId, int newSize, string projectId)
    {
        var loaded = await Load(instanceId)
            ?? throw new EntityNotFoundException(typeof(ShareInstance), instanceId);
        var (instance, share) = loaded;
        if (!StillExpected("share instance", instanceId, instance.Status, ShareInstanceStatus.Shrinking)) return;
        // The decrease is the share's (mgr.py: shrink_share, share['size'] - new_size): a replica's own size may lag it.
        // Shrinking a replicated share gives back the decrease once per replica too (api.py: shrink).
        var replicas = share.ReplicationType is null ? 0 : (await d.Db.Where<ShareInstance>(share.Id, i => i.ShareId == share.Id)).Count;
        var reservations = replicas == 0
            ? await d.Quotas.Reserve(projectId, (QuotaResources.Gigabytes, newSize - share.Size))
            : await d.Quotas.Reserve(projectId, (QuotaResources.Gigabytes, newSize - share.Size),
                (QuotaResources.ReplicaGigabytes, replicas * (newSize - share.Size)));
        try
        {
            await driver.ShrinkShareAsync(ToDriver(instance, share), newSize);
        }
        catch (ShareShrinkingPossibleDataLossException)
        {
            await d.Quotas.Rollback(projectId, reservations);
            await d.Transitions.Take(d.Machines.ShareInstance, instance, "mgr.shrink.refused");
            return;
        }
        catch (ShareBackendException)
        {
            await d.Quotas.Rollback(projectId, reservations);
            await d.Transitions.Take(d.Machines.ShareInstance, instance, "mgr.shrink.error");
            return;
        }
        await FinishResize(instance, share, "mgr.shrink.ok", newSize, projectId, reservations);
    }

    public async Task RevertToSnapshot(string instanceId, string snapshotInstanceId)
    {
        var loaded = await Load(instanceId)
            ?? throw new EntityNotFoundException(typeof(ShareInstance), instanceId);
        var (instance, share) = loaded;
        var snapshotInstance = await d.Db.Get<SnapshotInstance>(snapshotInstanceId)
            ?? throw new EntityNotFoundException(typeof(SnapshotInstance), snapshotInstanceId);
        if (!StillExpected("share instance", instanceId, instance.Status, ShareInstanceStatus.Reverting)) return;
        if (!StillExpected("snapshot instance", snapshotInstanceId, snapshotInstance.Status, SnapshotInstanceStatus.Restoring)) return;
        var snapshot = await d.Db.Get<Snapshot>(snapshotInstance.SnapshotId)
            ?? throw new EntityNotFoundException(typeof(Snapshot), snapshotInstance.SnapshotId);
        try
        {
            await driver.RevertToSnapshotAsync(ToDriver(instance, share),
                new DriverSnapshot(snapshotInstance.Id, snapshot.Id, instance.Id, snapshot.Size));
        }
        catch (ShareBackendException)
        {
            await FinishRevert(instance, snapshotInstance, "mgr.revert.error");
            return;
        }
        int delta = snapshot.ShareSize - share.Size;
        // The share takes the snapshot's size back with its status; its gigabyte usage follows in the same transaction.
        await FinishRevert(instance, snapshotInstance, "mgr.revert.ok", i => i.Size = snapshot.ShareSize, store =>
        {
            store.Update<Share>(share.Id, s => s.Size = snapshot.ShareSize);
            d.Quotas.ApplyInTransaction(store, share.ProjectId, QuotaResources.Gigabytes, delta);
            // replica_gigabytes stays the share's size once per replica, as extend and shrink keep it.
            if (share.ReplicationType is not null)
                d.Quotas.ApplyInTransaction(store, share.ProjectId, QuotaResources.ReplicaGigabytes,
                    delta * store.Where<ShareInstance>(i => i.ShareId == share.Id).Count);
        });
    }

    /// <summary>The share and its snapshot leave reverting/restoring: Legacy in two writes, as Manila; Guarded in one
    /// transaction, so a handler that dies between them and runs again finds neither half done.</summary>
    async Task FinishRevert(ShareInstance instance, SnapshotInstance snapshotInstance, string trigger,
        Action<ShareInstance>? alsoChange = null, Action<ManilaStore>? alsoInTransaction = null)
    {
        if (d.IsGuarded)
        {
            await d.Transitions.TakeBoth(d.Machines.ShareInstance, instance, trigger, d.Machines.SnapshotInstance, snapshotInstance, trigger,
                alsoChange, alsoInTransaction);
            return;
        }
        await d.Transitions.Take(d.Machines.ShareInstance, instance, trigger, alsoChange, alsoInTransaction);
        await d.Transitions.Take(d.Machines.SnapshotInstance, snapshotInstance, trigger);
    }
}
