// Snapshot requests (ctl/share_snapshots; api.py: create_snapshot, delete_snapshot). Legacy leaves the share's status
// untouched while a snapshot is taken; Guarded marks the share instance `snapshotting` first, by test-and-set.
using SimManila.Model;
using SimManila.Services.Quota;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    public async Task<ApiResponse<SnapshotView>> GetSnapshot(string snapshotId)
    {
        await Enter($"GET /snapshots/{snapshotId}");
        var snapshot = await d.Db.Get<Snapshot>(snapshotId);
        if (snapshot is null) return Answer.NotFound<SnapshotView>($"snapshot {snapshotId} not found");
        var instances = await d.Db.Where<SnapshotInstance>(snapshotId, s => s.SnapshotId == snapshotId);
        var shareInstances = await d.Db.Where<ShareInstance>(snapshot.ShareId, i => i.ShareId == snapshot.ShareId);
        return Answer.Ok(SnapshotViewOf(snapshot, instances, shareInstances));
    }

    SnapshotView SnapshotViewOf(Snapshot snapshot, IReadOnlyList<SnapshotInstance> instances, IReadOnlyList<ShareInstance> shareInstances) =>
        new(snapshot.Id, snapshot.ShareId, SnapshotStatus(instances, shareInstances)?.Value ?? "deleted", snapshot.Size);

    public async Task<ApiResponse<SnapshotView>> CreateSnapshot(string projectId, string shareId, bool force)
    {
        await Enter($"POST /snapshots share={shareId}" + (force ? " (force)" : ""));
        var (share, instances) = await LoadShare(shareId);
        if (share is null) return Answer.NotFound<SnapshotView>($"share {shareId} not found");
        // Guarded, replicated share: the snapshot's instances (one per replica) are written under the replica lock while
        // no replica is being created or deleted, so none gets or keeps one it should not; released before the cast.
        await using var replicaGuard = share.ReplicationType is not null ? await GuardedReplicaLock(shareId) : null;
        if (replicaGuard is not null)
        {
            (share, instances) = await LoadShare(shareId);
            if (share is null) return Answer.NotFound<SnapshotView>($"share {shareId} not found");
            if (await ReplicaComingOrGoing(shareId) is { } changing) return SiblingBusy<SnapshotView>(changing);
        }
        if (!share.SnapshotSupport) return Answer.BadRequest<SnapshotView>($"share {shareId} does not support snapshots");
        if (share.IsSoftDeleted) return Answer.BadRequest<SnapshotView>($"share {shareId} is in the recycle bin");
        var status = StatusOf(instances);
        if (!force && (status is null || !d.Machines.ShareInstance.Permits(status, ApiAction.Snapshot)))
            return Answer.Conflict<SnapshotView>($"share {shareId} is {status?.Value}; snapshot needs available");
        if (!force) d.Coverage.Action(d.Machines.ShareInstance, status!, ApiAction.Snapshot);
        if (IsBusy(instances)) return Answer.Conflict<SnapshotView>($"share {shareId} is busy");

        IReadOnlyList<string> reservations;
        try
        {
            reservations = await d.Quotas.Reserve(projectId, (QuotaResources.Snapshots, 1), (QuotaResources.SnapshotGigabytes, share.Size));
        }
        catch (OverQuotaException ex)
        {
            return Answer.OverQuota<SnapshotView>(ex.Message);
        }
        // Forced, the status check is skipped: the share may have lost its last instance meanwhile.
        if (ShareLifecycle.SelectInstance(instances) is not { } shareInstance)
        {
            await d.Quotas.Rollback(projectId, reservations);
            return Answer.NotFound<SnapshotView>($"share {shareId} has no live instance");
        }
        // Guarded: force skips the status guard, not the fence: an operation in flight finishes first.
        if (d.IsGuarded && (!d.Machines.ShareInstance.CanFire(shareInstance.Status, "snapshot.begin")
            || !await d.Transitions.Take(d.Machines.ShareInstance, shareInstance, "snapshot.begin")))
        {
            await d.Quotas.Rollback(projectId, reservations);
            return Answer.Conflict<SnapshotView>($"share {shareId} is busy with another operation");
        }
        var snapshot = new Snapshot
        {
            Id = d.Ids.Next("snapshot"), ShareId = shareId, ProjectId = projectId, Size = share.Size,
            ShareSize = share.Size, ShareProto = share.ShareProto, CreatedAt = Sim.UtcNow,
        };
        var snapshotInstance = new SnapshotInstance
        {
            Id = d.Ids.Next("snapinstance"), SnapshotId = snapshot.Id, ShareInstanceId = shareInstance.Id,
            Status = d.Machines.SnapshotInstance.Initial, CreatedAt = Sim.UtcNow,
        };
        await d.Db.Insert(snapshot);
        await d.Db.Insert(snapshotInstance);
        // A replicated share gets one more `creating` instance per other replica, finished by the replica snapshot poll.
        foreach (var replica in instances)
            if (replica.Id != shareInstance.Id && replica.ReplicaState is not null)
                await d.Db.Insert(new SnapshotInstance
                {
                    Id = d.Ids.Next("snapinstance"), SnapshotId = snapshot.Id, ShareInstanceId = replica.Id,
                    Status = d.Machines.SnapshotInstance.Initial, CreatedAt = Sim.UtcNow,
                });
        await d.Quotas.Commit(projectId, reservations);
        if (replicaGuard is not null) await replicaGuard.DisposeAsync(); // never held across the cast
        var host = shareInstance.Host!;
        await d.Rpc.CastAsync(host, "create_snapshot", () => d.Manager(host).CreateSnapshot(snapshotInstance.Id));
        return Answer.Accepted(SnapshotViewOf(snapshot, [snapshotInstance], instances));
    }

    public async Task<ApiResponse<NoContent>> DeleteSnapshot(string snapshotId, bool force)
    {
        await Enter($"DELETE /snapshots/{snapshotId}" + (force ? " (force)" : ""));
        var snapshot = await d.Db.Get<Snapshot>(snapshotId);
        if (snapshot is null) return Answer.NotFound<NoContent>($"snapshot {snapshotId} not found");
        var instances = await d.Db.Where<SnapshotInstance>(snapshotId, s => s.SnapshotId == snapshotId);
        var shareInstances = await d.Db.Where<ShareInstance>(snapshot.ShareId, i => i.ShareId == snapshot.ShareId);
        // Guarded, replicated share: the instances are written under the replica lock while no replica is being created
        // or deleted (a replica created meanwhile copies the snapshot); released before the casts.
        var share = await d.Db.Get<Share>(snapshot.ShareId);
        await using var replicaGuard = share?.ReplicationType is not null ? await GuardedReplicaLock(snapshot.ShareId) : null;
        if (replicaGuard is not null)
        {
            instances = await d.Db.Where<SnapshotInstance>(snapshotId, s => s.SnapshotId == snapshotId);
            shareInstances = await d.Db.Where<ShareInstance>(snapshot.ShareId, i => i.ShareId == snapshot.ShareId);
            if (await ReplicaComingOrGoing(snapshot.ShareId) is { } changing) return SiblingBusy<NoContent>(changing);
        }
        var aggregate = SnapshotStatus(instances, shareInstances);
        if (!force && aggregate != SnapshotInstanceStatus.Available && aggregate != SnapshotInstanceStatus.Error)
            return Answer.Conflict<NoContent>($"snapshot {snapshotId} is {aggregate?.Value ?? "gone"}; delete needs available or error");
        var trigger = force ? Triggers.ForceDelete : d.Topology.DeferredDeletion ? "api.delete.deferred" : "api.delete";
        // Guarded deletes every instance or none: one still being created or deleted (on a replica the aggregate does
        // not look at) settles first, so no instance is left behind a snapshot the user deleted.
        if (d.IsGuarded && instances.FirstOrDefault(i => !d.Machines.SnapshotInstance.CanFire(i.Status, trigger)) is { } unsettled)
            return Answer.Conflict<NoContent>($"snapshot instance {unsettled.Id} is {unsettled.Status}; the operation in flight finishes first");
        var castTo = new List<(string Host, string InstanceId)>();
        ApiResponse<NoContent>? refusal = null;
        foreach (var instance in instances)
        {
            if (d.Machines.SnapshotInstance.CanFire(instance.Status, trigger))
            {
                if (!await d.Transitions.Take(d.Machines.SnapshotInstance, instance, trigger))
                {
                    refusal = Answer.Conflict<NoContent>($"snapshot instance {instance.Id} changed status meanwhile");
                    break;
                }
            }
            // Legacy: skipped when not forced (the aggregate allowed the delete); a forced delete of an instance already
            // deleting rewrites `deleting` and casts again, as Manila does.
            else if (!force) continue;
            var shareInstance = shareInstances.FirstOrDefault(i => i.Id == instance.ShareInstanceId);
            // Instances on non-active replicas are removed by the replica snapshot poll, not by a cast.
            if (shareInstance?.Host is not { } host || shareInstance.ReplicaState is not null && shareInstance.ReplicaState != ReplicaState.Active) continue;
            castTo.Add((host, instance.Id));
        }
        if (replicaGuard is not null) await replicaGuard.DisposeAsync(); // never held across the cast
        foreach (var (host, instanceId) in castTo)
            await d.Rpc.CastAsync(host, "delete_snapshot", () => d.Manager(host).DeleteSnapshot(instanceId, force));
        return refusal ?? Answer.Accepted(NoContent.Value);
    }
}
