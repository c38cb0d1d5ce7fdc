// Share requests: create (also from a snapshot), delete (also forced), extend, shrink, revert, show
// (api.py: create, delete, extend, shrink, _revert_to_snapshot; ctl/shares).
using Microsoft.Extensions.Logging;
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.Services.History;
using SimManila.Services.Manager;
using SimManila.Services.Quota;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

/// <summary>A share-create body; the share-type extra specs are the capability flags.</summary>
public sealed record CreateShareRequest(int Size, string Protocol = "NFS", string? SnapshotId = null)
{
    public bool SnapshotSupport { get; init; } = true;
    public bool CreateShareFromSnapshotSupport { get; init; } = true;
    public bool RevertToSnapshotSupport { get; init; }
    /// <summary>A DHSS share type needs a share network; the share's server comes from its subnet.</summary>
    public string? ShareNetworkId { get; init; }
    public string? ShareGroupId { get; init; }
    /// <summary>The share type's replication_type extra spec: readable, writable or dr.</summary>
    public string? ReplicationType { get; init; }
    public string? AvailabilityZone { get; init; }
}

public sealed partial class ApiWorker
{
    public static readonly IReadOnlyList<string> KnownProtocols = ["NFS", "CIFS", "GLUSTERFS", "HDFS", "CEPHFS", "MAPRFS", "LUSTRE"];

    public async Task<ApiResponse<ShareView>> GetShare(string shareId)
    {
        await Enter($"GET /shares/{shareId}");
        var (share, instances) = await LoadShare(shareId);
        return share is null ? Answer.NotFound<ShareView>($"share {shareId} not found") : Answer.Ok(View(share, instances));
    }

    public async Task<ApiResponse<ShareView>> CreateShare(string projectId, CreateShareRequest request)
    {
        await Enter($"POST /shares size={request.Size} proto={request.Protocol}" + (request.SnapshotId is null ? "" : $" from {request.SnapshotId}"));
        if (request.Size <= 0) return Answer.BadRequest<ShareView>($"share size must be a positive integer, got {request.Size}");
        var protocol = request.Protocol.ToUpperInvariant();
        if (!KnownProtocols.Contains(protocol)) return Answer.BadRequest<ShareView>($"invalid share protocol '{request.Protocol}'");
        if (!d.Topology.Backends.Any(b => b.Capabilities.Protocols.Contains(protocol)))
            return Answer.BadRequest<ShareView>($"share protocol {protocol} is not enabled on any backend");

        string? sourceHost = null;
        Snapshot? source = null;
        if (request.SnapshotId is not null)
        {
            source = await d.Db.Get<Snapshot>(request.SnapshotId);
            if (source is null) return Answer.NotFound<ShareView>($"snapshot {request.SnapshotId} not found");
            var snapshotInstances = await d.Db.Where<SnapshotInstance>(source.Id, s => s.SnapshotId == source.Id);
            var parent = await d.Db.Get<Share>(source.ShareId);
            if (parent is null) return Answer.NotFound<ShareView>($"share {source.ShareId} of snapshot {source.Id} not found");
            var parentInstances = await d.Db.Where<ShareInstance>(parent.Id, i => i.ShareId == parent.Id);
            var aggregate = SnapshotStatus(snapshotInstances, parentInstances);
            if (aggregate != SnapshotInstanceStatus.Available)
                return Answer.BadRequest<ShareView>($"snapshot {source.Id} is {aggregate?.Value ?? "gone"}, must be available");
            if (!parent.CreateShareFromSnapshotSupport)
                return Answer.BadRequest<ShareView>($"share {parent.Id} does not support creating shares from its snapshots");
            if (request.Size < source.Size)
                return Answer.BadRequest<ShareView>($"share size {request.Size} is smaller than snapshot size {source.Size}");
            // use_scheduler_creating_share_from_snapshot is False by default: the new share goes to the source's host.
            sourceHost = ShareLifecycle.SelectInstance(parentInstances)?.Host;
        }

        if (request.ReplicationType is not null && request.ReplicationType is not ("readable" or "writable" or "dr"))
            return Answer.BadRequest<ShareView>($"invalid replication type '{request.ReplicationType}'");
        // Guarded: the network check and the instance insert exclude a network update (released before the cast).
        await using var networkGuard = await GuardNetwork(request.ShareNetworkId);
        if (request.ShareNetworkId is not null)
        {
            var problem = await ShareNetworkProblem(request.ShareNetworkId, ApiAction.CreateShare);
            if (problem is not null) return problem.As<ShareView>();
        }
        // Guarded: membership of a group and the group's delete exclude each other under one lock.
        await using var groupLock = request.ShareGroupId is not null && d.IsGuarded
            ? await d.Locks.AcquireAsync(Host, Coordination.LockNames.ShareGroupMembers(request.ShareGroupId)) : null;
        ShareGroup? group = null;
        if (request.ShareGroupId is not null)
        {
            group = await d.Db.Get<ShareGroup>(request.ShareGroupId);
            if (group is null) return Answer.NotFound<ShareView>($"share group {request.ShareGroupId} not found");
            if (!d.Machines.ShareGroup.Permits(group.Status, ApiAction.CreateShare))
                return Answer.BadRequest<ShareView>($"share group {group.Id} is {group.Status}; shares need it available");
            d.Coverage.Action(d.Machines.ShareGroup, group.Status, ApiAction.CreateShare);
        }

        IReadOnlyList<string> reservations;
        try
        {
            // A replicated type also charges its first (active) replica (api.py: create).
            reservations = request.ReplicationType is null
                ? await d.Quotas.Reserve(projectId, (QuotaResources.Shares, 1), (QuotaResources.Gigabytes, request.Size))
                : await d.Quotas.Reserve(projectId, (QuotaResources.Shares, 1), (QuotaResources.Gigabytes, request.Size),
                    (QuotaResources.ShareReplicas, 1), (QuotaResources.ReplicaGigabytes, request.Size));
        }
        catch (OverQuotaException ex)
        {
            return Answer.OverQuota<ShareView>(ex.Message);
        }

        var share = new Share
        {
            Id = d.Ids.Next("share"), ProjectId = projectId, Size = request.Size, ShareProto = protocol,
            SnapshotId = source?.Id, SnapshotSupport = request.SnapshotSupport,
            CreateShareFromSnapshotSupport = request.CreateShareFromSnapshotSupport,
            RevertToSnapshotSupport = request.RevertToSnapshotSupport, CreatedAt = Sim.UtcNow,
            ShareNetworkId = request.ShareNetworkId ?? group?.ShareNetworkId, ShareGroupId = group?.Id,
            ReplicationType = request.ReplicationType,
        };
        var instance = new ShareInstance
        {
            Id = d.Ids.Next("instance"), ShareId = share.Id, Status = d.Machines.ShareInstance.Initial,
            Size = request.Size, CreatedAt = Sim.UtcNow, ShareNetworkId = share.ShareNetworkId,
            AvailabilityZone = request.AvailabilityZone,
            CastRulesToReadonly = false,
        };
        await d.Db.Insert(share);
        await d.Db.Insert(instance);
        await d.Quotas.Commit(projectId, reservations);
        if (groupLock is not null) await groupLock.DisposeAsync(); // never held across the cast
        if (networkGuard is not null) await networkGuard.DisposeAsync();

        if (sourceHost is null)
            await d.Rpc.CastAsync(Deployment.SchedulerHost, "create_share_instance",
                () => d.Scheduler.CreateShareInstance(instance.Id, request));
        else
        {
            await d.Db.Update<ShareInstance>(instance.Id, i => i.Host = sourceHost);
            await d.Rpc.CastAsync(sourceHost, "create_share_instance",
                () => d.Manager(sourceHost).CreateShareInstance(instance.Id));
        }
        return Answer.Accepted(View(share, [instance]));
    }

    public async Task<ApiResponse<NoContent>> DeleteShare(string shareId, bool force)
    {
        await Enter($"DELETE /shares/{shareId}" + (force ? " (force)" : ""));
        var (share, instances) = await LoadShare(shareId);
        if (share is null) return Answer.NotFound<NoContent>($"share {shareId} not found");
        // Guarded, replicated share: "no replicas, then deleting" and a replica create exclude each other under the
        // replica lock (the create needs the active replica available); released before the cast.
        await using var replicaGuard = share.ReplicationType is not null ? await GuardedReplicaLock(shareId) : null;
        if (replicaGuard is not null)
        {
            (share, instances) = await LoadShare(shareId);
            if (share is null) return Answer.NotFound<NoContent>($"share {shareId} not found");
        }
        var status = StatusOf(instances);
        var lifecycle = d.Machines.ShareInstance;
        if (force && status is not null && !lifecycle.CanFire(status, Triggers.ForceDelete))
            return Answer.Conflict<NoContent>($"share {shareId} is {status.Value}; under this policy a force delete waits for the operation in progress (or an admin reset-status)");
        if (!force && (status is null || !lifecycle.Permits(status, ApiAction.Delete)))
            return Answer.Conflict<NoContent>($"share {shareId} is {status?.Value ?? "without instances"}; delete needs available, error or inactive");
        if (!force) d.Coverage.Action(lifecycle, status!, ApiAction.Delete);
        if (await DependentsProblem(shareId, instances) is { } dependents) return dependents;

        // Before LP 1707377 (3c5963049) every request that got this far released the share's quota itself; since, the
        // row delete does, once (ShareRows.ReleaseWithInstance).
        IReadOnlyList<string>? release = d.Lacks(Fixes.QuotaReleasedWithRowDelete)
            ? await d.Quotas.Reserve(share.ProjectId, (QuotaResources.Shares, -1), (QuotaResources.Gigabytes, -share.Size))
            : null;
        foreach (var instance in instances)
        {
            if (instance.Host is null)
            {
                // Never scheduled: Manila deletes the row directly, releasing its quota with it.
                await d.Transitions.TakeDelete(lifecycle, instance, "api.delete.hostless", store => ShareRows.ReleaseWithInstance(d, store, share.Id, instance));
                continue;
            }
            var trigger = force ? Triggers.ForceDelete : d.Topology.DeferredDeletion ? "api.delete.deferred" : "api.delete";
            if (d.IsGuarded)
            {
                if (await ClaimForDelete(instance, trigger, (_, fresh) => DependentsProblem(shareId, fresh)) is { } stale)
                    return stale;
            }
            else await d.Transitions.Take(lifecycle, instance, trigger);
            if (replicaGuard is not null) await replicaGuard.DisposeAsync(); // never held across the cast
            var host = instance.Host;
            await d.Rpc.CastAsync(host, "delete_share_instance", () => d.Manager(host).DeleteShareInstance(instance.Id, force));
        }
        if (release is not null) await d.Quotas.Commit(share.ProjectId, release);
        return Answer.Accepted(NoContent.Value);
    }

    /// <summary>What keeps a share from being deleted besides its status: replicas, snapshots, a busy task.</summary>
    async Task<ApiResponse<NoContent>?> DependentsProblem(string shareId, IReadOnlyList<ShareInstance> instances)
    {
        if (instances.Any(i => i.ReplicaState is not null) && instances.Count > 1)
            return Answer.Conflict<NoContent>($"share {shareId} has replicas");
        var snapshots = await d.Db.Where<Snapshot>(shareId, s => s.ShareId == shareId);
        if (snapshots.Count > 0)
            return Answer.Conflict<NoContent>($"share {shareId} has {snapshots.Count} snapshot(s)");
        return IsBusy(instances) ? Answer.Conflict<NoContent>($"share {shareId} is busy") : null;
    }

    /// <summary>
    /// Extend's and shrink's common checks: the share and its instances, re-read under the replica lock for a
    /// replicated share under Guarded (a size change and replica create/delete exclude each other there, so every
    /// replica is charged or fenced exactly once), then the status and busy checks. The caller holds the returned
    /// lock until just before its cast.
    /// </summary>
    async Task<(ApiResponse<ShareView>? Refusal, Share Share, IReadOnlyList<ShareInstance> Instances, LockLease? Guard)>
        StartResize(string shareId, ApiAction action, string verb)
    {
        var (share, instances) = await LoadShare(shareId);
        if (share is null) return (Answer.NotFound<ShareView>($"share {shareId} not found"), null!, instances, null);
        var guard = share.ReplicationType is not null ? await GuardedReplicaLock(shareId) : null;
        ApiResponse<ShareView>? refusal = null;
        if (guard is not null)
        {
            (share, instances) = await LoadShare(shareId);
            if (share is null) refusal = Answer.NotFound<ShareView>($"share {shareId} not found");
            else if (await BusySibling(shareId, exceptId: null) is { } busy) refusal = SiblingBusy<ShareView>(busy);
        }
        if (refusal is null)
        {
            var status = StatusOf(instances);
            if (status is null || !d.Machines.ShareInstance.Permits(status, action))
                refusal = Answer.Conflict<ShareView>($"share {shareId} is {status?.Value}; {verb} needs available");
            else
            {
                d.Coverage.Action(d.Machines.ShareInstance, status, action);
                if (IsBusy(instances)) refusal = Answer.Conflict<ShareView>($"share {shareId} is busy");
            }
        }
        return (refusal, share!, instances, guard);
    }

    public async Task<ApiResponse<ShareView>> ExtendShare(string projectId, string shareId, int newSize)
    {
        await Enter($"POST /shares/{shareId}/action extend new_size={newSize}");
        var (refusal, share, instances, replicaGuard) = await StartResize(shareId, ApiAction.Extend, "extend");
        await using var guard = replicaGuard;
        if (refusal is not null) return refusal;
        ApiResponse<ShareView>? SizeProblem(Share current) => newSize <= current.Size
            ? Answer.BadRequest<ShareView>($"new size {newSize} must be greater than current size {current.Size}") : null;
        if (SizeProblem(share) is { } tooSmall) return tooSmall;
        var instance = ShareLifecycle.SelectInstance(instances)!;
        // Guarded claims before it charges the quota, and charges what a fresh read says; Legacy writes after, as Manila.
        if (d.IsGuarded && await ClaimThenRecheck<ShareView>(instance, "api.extend", (fresh, freshInstances) =>
            {
                (share, instances) = (fresh, freshInstances);
                return Task.FromResult(SizeProblem(fresh));
            }) is { } stale)
            return stale;
        IReadOnlyList<string> reservations;
        try
        {
            // api.py: extend charges every replica of a replicated share for the increase as well.
            reservations = share.ReplicationType is null
                ? await d.Quotas.Reserve(projectId, (QuotaResources.Gigabytes, newSize - share.Size))
                : await d.Quotas.Reserve(projectId, (QuotaResources.Gigabytes, newSize - share.Size),
                    (QuotaResources.ReplicaGigabytes, instances.Count * (newSize - share.Size)));
        }
        catch (OverQuotaException ex)
        {
            if (d.IsGuarded) await GiveBack(instance, "api.extend", ShareInstanceStatus.Available);
            return Answer.OverQuota<ShareView>(ex.Message);
        }
        if (!d.IsGuarded) await d.Transitions.Take(d.Machines.ShareInstance, instance, "api.extend");
        if (guard is not null) await guard.DisposeAsync(); // never held across the cast
        var host = instance.Host!;
        await d.Rpc.CastAsync(host, "extend_share",
            () => d.Manager(host).ExtendShare(instance.Id, newSize, projectId, reservations));
        return Answer.Accepted(View(share, instances));
    }

    public async Task<ApiResponse<ShareView>> ShrinkShare(string projectId, string shareId, int newSize)
    {
        await Enter($"POST /shares/{shareId}/action shrink new_size={newSize}");
        var (refusal, share, instances, replicaGuard) = await StartResize(shareId, ApiAction.Shrink, "shrink");
        await using var guard = replicaGuard;
        if (refusal is not null) return refusal;
        ApiResponse<ShareView>? SizeProblem(Share current) => newSize <= 0 || newSize >= current.Size
            ? Answer.BadRequest<ShareView>($"new size {newSize} must be positive and less than current size {current.Size}") : null;
        if (SizeProblem(share) is { } wrongSize) return wrongSize;
        var instance = ShareLifecycle.SelectInstance(instances)!;
        if (d.IsGuarded)
        {
            if (await ClaimThenRecheck<ShareView>(instance, "api.shrink", (fresh, _) => Task.FromResult(SizeProblem(fresh))) is { } stale)
                return stale;
        }
        else await d.Transitions.Take(d.Machines.ShareInstance, instance, "api.shrink");
        if (guard is not null) await guard.DisposeAsync(); // never held across the cast
        var host = instance.Host!;
        await d.Rpc.CastAsync(host, "shrink_share", () => d.Manager(host).ShrinkShare(instance.Id, newSize, projectId));
        return Answer.Accepted(View(share, instances));
    }

    public async Task<ApiResponse<ShareView>> RevertShare(string shareId, string snapshotId)
    {
        await Enter($"POST /shares/{shareId}/action revert snapshot={snapshotId}");
        var (share, instances) = await LoadShare(shareId);
        if (share is null) return Answer.NotFound<ShareView>($"share {shareId} not found");
        // Guarded, replicated share: a size change and replica create/delete exclude each other under the replica
        // lock, so every replica is charged (or fenced) exactly once; released before the cast.
        await using var replicaGuard = share.ReplicationType is not null ? await GuardedReplicaLock(shareId) : null;
        if (replicaGuard is not null)
        {
            (share, instances) = await LoadShare(shareId);
            if (share is null) return Answer.NotFound<ShareView>($"share {shareId} not found");
            if (await BusySibling(shareId, exceptId: null) is { } busy) return SiblingBusy<ShareView>(busy);
        }
        if (!share.RevertToSnapshotSupport)
            return Answer.BadRequest<ShareView>($"share {shareId} does not support revert to snapshot");
        var status = StatusOf(instances);
        if (status is null || !d.Machines.ShareInstance.Permits(status, ApiAction.Revert))
            return Answer.Conflict<ShareView>($"share {shareId} is {status?.Value}; revert needs available");
        d.Coverage.Action(d.Machines.ShareInstance, status, ApiAction.Revert);
        if (IsBusy(instances)) return Answer.Conflict<ShareView>($"share {shareId} is busy");
        var (problem, snapshotInstances) = await RevertProblem(share, instances, snapshotId);
        if (problem is not null) return problem;
        var instance = ShareLifecycle.SelectInstance(instances)!;
        var snapshotInstance = snapshotInstances.First(s => s.ShareInstanceId == instance.Id);
        // Snapshot first: if the share then refuses, the snapshot has a declared way back to available.
        if (!await d.Transitions.Take(d.Machines.SnapshotInstance, snapshotInstance, "api.revert"))
            return Answer.Conflict<ShareView>($"snapshot {snapshotId} changed status meanwhile");
        if (!d.IsGuarded) await d.Transitions.Take(d.Machines.ShareInstance, instance, "api.revert");
        else if (await ClaimThenRecheck<ShareView>(instance, "api.revert",
                     async (fresh, freshInstances) => (await RevertProblem(fresh, freshInstances, snapshotId, claimed: true)).Problem) is { } refusal)
        {
            await d.Transitions.Take(d.Machines.SnapshotInstance, snapshotInstance, Triggers.Refused("api.revert", SnapshotInstanceStatus.Available.Value));
            return refusal;
        }
        if (replicaGuard is not null) await replicaGuard.DisposeAsync(); // never held across the cast
        var host = instance.Host!;
        await d.Rpc.CastAsync(host, "revert_to_snapshot",
            () => d.Manager(host).RevertToSnapshot(instance.Id, snapshotInstance.Id));
        return Answer.Accepted(View(share, instances));
    }

    /// <summary>Revert's checks of the snapshot: it belongs to the share, is available (or, once claimed, restoring),
    /// is the latest, and every instance's rules are active (ctl/shares: _revert).</summary>
    async Task<(ApiResponse<ShareView>? Problem, IReadOnlyList<SnapshotInstance> SnapshotInstances)> RevertProblem(Share share,
        IReadOnlyList<ShareInstance> instances, string snapshotId, bool claimed = false)
    {
        var snapshot = await d.Db.Get<Snapshot>(snapshotId);
        if (snapshot is null || snapshot.ShareId != share.Id)
            return (Answer.NotFound<ShareView>($"snapshot {snapshotId} of share {share.Id} not found"), []);
        var snapshotInstances = await d.Db.Where<SnapshotInstance>(snapshotId, s => s.SnapshotId == snapshotId);
        var aggregate = SnapshotStatus(snapshotInstances, instances);
        if (aggregate != (claimed ? SnapshotInstanceStatus.Restoring : SnapshotInstanceStatus.Available))
            return (Answer.Conflict<ShareView>($"snapshot {snapshotId} is {aggregate?.Value ?? "gone"}; revert needs available"), snapshotInstances);
        var all = await d.Db.Where<Snapshot>(share.Id, s => s.ShareId == share.Id);
        var latest = all.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).LastOrDefault();
        if (latest is null) // every snapshot of the share was deleted since the first read
            return (Answer.BadRequest<ShareView>($"could not determine the latest snapshot of share {share.Id}"), snapshotInstances);
        if (latest.Id != snapshotId)
            return (Answer.Conflict<ShareView>($"snapshot {snapshotId} is not the latest snapshot of share {share.Id} ({latest.Id} is)"), snapshotInstances);
        if (instances.Any(i => i.AccessRulesStatus != AccessRulesStatus.Active))
            return (Answer.Conflict<ShareView>($"share {share.Id} has access rules that are not active"), snapshotInstances);
        return (null, snapshotInstances);
    }

    /// <summary>models: ShareSnapshot.aggregate_status over the instances read. A snapshot instance whose share instance
    /// was deleted between the two reads is skipped since LP 2114260 (9b2b69734); before, the property raised.</summary>
    SnapshotInstanceStatus? SnapshotStatus(IReadOnlyList<SnapshotInstance> snapshotInstances, IReadOnlyList<ShareInstance> shareInstances)
    {
        var pairs = snapshotInstances
            .Select(s => (s, (ShareInstance?)shareInstances.FirstOrDefault(i => i.Id == s.ShareInstanceId))).ToList();
        if (d.Lacks(Fixes.SnapshotAggregateGuard) && pairs.FirstOrDefault(p => p.Item2 is null) is ({ } orphan, null))
            throw new ModelPropertyException($"'NoneType' object is not subscriptable: share instance {orphan.ShareInstanceId} of snapshot instance {orphan.Id} is gone");
        return SnapshotLifecycle.AggregateStatus(pairs);
    }
}
