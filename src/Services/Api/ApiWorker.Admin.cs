// Admin actions (manila/api/openstack/wsgi.py: AdminActionsMixin): reset-status of a share, a share instance, a
// snapshot, a replica (status and replica_state), a share server, a share network and a share group; force-delete of a
// share instance and a share group. Legacy writes at once, whatever is in flight, as Manila does. Guarded refuses while
// the resource (or, for a replica, a sibling) is in a transitional status: the operation in flight finishes first, and
// Guarded's start-up recovery leaves nothing stuck for an admin to reset; the reset is a test-and-set from a status at
// rest.
using SimManila.Model;
using SimManila.Services.History;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    /// <summary>reset_status of a share writes its selected instance (db: share_update with a status).</summary>
    public async Task<ApiResponse<NoContent>> ResetShareStatus(string shareId, string status)
    {
        await Enter($"POST /shares/{shareId}/action reset_status {status}");
        var (share, instances) = await LoadShare(shareId);
        if (share is null || ShareLifecycle.SelectInstance(instances) is not { } instance)
            return Answer.NotFound<NoContent>($"share {shareId} not found");
        return await Reset(d.Machines.ShareInstance, instance, $"share {shareId}", status);
    }

    public async Task<ApiResponse<NoContent>> ResetShareInstanceStatus(string instanceId, string status)
    {
        await Enter($"POST /share_instances/{instanceId}/action reset_status {status}");
        var instance = await d.Db.Get<ShareInstance>(instanceId);
        if (instance is null) return Answer.NotFound<NoContent>($"share instance {instanceId} not found");
        return await Reset(d.Machines.ShareInstance, instance, $"share instance {instanceId}", status);
    }

    /// <summary>reset_status of a snapshot writes the instance its status proxies (models: ShareSnapshot.instance).</summary>
    public async Task<ApiResponse<NoContent>> ResetSnapshotStatus(string snapshotId, string status)
    {
        await Enter($"POST /snapshots/{snapshotId}/action reset_status {status}");
        var snapshot = await d.Db.Get<Snapshot>(snapshotId);
        if (snapshot is null) return Answer.NotFound<NoContent>($"snapshot {snapshotId} not found");
        var instances = await d.Db.Where<SnapshotInstance>(snapshotId, s => s.SnapshotId == snapshotId);
        var shareInstances = await d.Db.Where<ShareInstance>(snapshot.ShareId, i => i.ShareId == snapshot.ShareId);
        var proxied = SnapshotLifecycle.ProxiedInstance(instances
            .Select(s => (s, (ShareInstance?)shareInstances.FirstOrDefault(i => i.Id == s.ShareInstanceId))).ToList());
        if (proxied is null) return Answer.NotFound<NoContent>($"snapshot {snapshotId} has no live instance");
        return await Reset(d.Machines.SnapshotInstance, proxied, $"snapshot {snapshotId}", status);
    }

    public async Task<ApiResponse<NoContent>> ResetReplicaStatus(string replicaId, string status)
    {
        await Enter($"POST /share-replicas/{replicaId}/action reset_status {status}");
        var replica = await d.Db.Get<ShareInstance>(replicaId);
        if (replica?.ReplicaState is null) return Answer.NotFound<NoContent>($"replica {replicaId} not found");
        await using var guard = await GuardedReplicaLock(replica.ShareId);
        if (guard is not null && await BusySibling(replica.ShareId, replicaId) is { } busy) return SiblingBusy<NoContent>(busy);
        return await Reset(d.Machines.ShareInstance, replica, $"replica {replicaId}", status);
    }

    /// <summary>reset_replica_state: since LP 2015328 (b7a1b5b2c) never of the active replica. Guarded also refuses
    /// while replica work of the share is in flight (a promote rewrites replica states).</summary>
    public async Task<ApiResponse<NoContent>> ResetReplicaState(string replicaId, string state)
    {
        await Enter($"POST /share-replicas/{replicaId}/action reset_replica_state {state}");
        if (!ReplicaState.TryParse(state, out var target))
            return Answer.BadRequest<NoContent>($"invalid replica_state '{state}'; expected active, in_sync, out_of_sync or error");
        var replica = await d.Db.Get<ShareInstance>(replicaId);
        if (replica?.ReplicaState is null) return Answer.NotFound<NoContent>($"replica {replicaId} not found");
        await using var guard = await GuardedReplicaLock(replica.ShareId);
        if (guard is not null)
        {
            replica = await d.Db.Get<ShareInstance>(replicaId);
            if (replica?.ReplicaState is null) return Answer.NotFound<NoContent>($"replica {replicaId} not found");
            if (await BusySibling(replica.ShareId, exceptId: null) is { } busy) return SiblingBusy<NoContent>(busy);
        }
        var lifecycle = d.Machines.ReplicaState;
        var seen = replica.ReplicaState!;
        d.Coverage.Action(lifecycle, seen, ApiAction.ResetStatus);
        if (seen == target) return Answer.Accepted(NoContent.Value);
        var trigger = Triggers.ResetStatus(target!.Value);
        if (seen == ReplicaState.Active)
        {
            if (!d.Lacks(Fixes.ResetReplicaStateSparesActive))
                return Answer.BadRequest<NoContent>($"cannot reset replica_state of the active replica {replicaId}");
            // Before the fix: written like any other reset, though no lifecycle declares leaving active that way.
            await d.Transitions.WriteUndeclared<ShareInstance, ReplicaState>(lifecycle, replicaId, target, trigger,
                static i => i.ReplicaState!, static (i, s) => i.ReplicaState = s);
            return Answer.Accepted(NoContent.Value);
        }
        if (!lifecycle.CanFire(seen, trigger))
            return Answer.BadRequest<NoContent>($"replica {replicaId} cannot be reset from replica_state {seen} to {state}");
        bool applied = await d.Transitions.Take<ShareInstance, ReplicaState>(lifecycle, replicaId, seen, trigger,
            static i => i.ReplicaState!, static (i, s) => i.ReplicaState = s);
        return applied ? Answer.Accepted(NoContent.Value) : Answer.Conflict<NoContent>($"replica {replicaId} changed meanwhile");
    }

    public async Task<ApiResponse<NoContent>> ResetShareServerStatus(string serverId, string status)
    {
        await Enter($"POST /share-servers/{serverId}/action reset_status {status}");
        var server = await d.Db.Get<ShareServer>(serverId);
        if (server is null) return Answer.NotFound<NoContent>($"share server {serverId} not found");
        return await Reset(d.Machines.ShareServer, server, $"share server {serverId}", status);
    }

    public async Task<ApiResponse<NoContent>> ResetShareNetworkStatus(string networkId, string status)
    {
        await Enter($"POST /share-networks/{networkId}/action reset_status {status}");
        await using var guard = await GuardNetwork(networkId);
        var network = await d.Db.Get<ShareNetwork>(networkId);
        if (network is null) return Answer.NotFound<NoContent>($"share network {networkId} not found");
        return await Reset(d.Machines.ShareNetwork, network, $"share network {networkId}", status);
    }

    public async Task<ApiResponse<NoContent>> ResetShareGroupStatus(string groupId, string status)
    {
        await Enter($"POST /share-groups/{groupId}/action reset_status {status}");
        var group = await d.Db.Get<ShareGroup>(groupId);
        if (group is null) return Answer.NotFound<NoContent>($"share group {groupId} not found");
        return await Reset(d.Machines.ShareGroup, group, $"share group {groupId}", status);
    }

    /// <summary>
    /// One reset-status: a target the lifecycle knows as a reset target (400 otherwise); Legacy writes it whatever the
    /// status; Guarded refuses from a transitional status and takes it by test-and-set from a status at rest.
    /// </summary>
    async Task<ApiResponse<NoContent>> Reset<T, TStatus>(Lifecycle<TStatus> lifecycle, T row, string what, string target)
        where T : class, IHasStatus<TStatus> where TStatus : ManilaStatus<TStatus>
    {
        var trigger = Triggers.ResetStatus(target);
        if (!ManilaStatus<TStatus>.TryParse(target, out var wanted) || lifecycle.SourcesOf(trigger).Count == 0)
            return Answer.BadRequest<NoContent>($"invalid status '{target}' for {what}");
        d.Coverage.Action(lifecycle, row.Status, ApiAction.ResetStatus);
        if (row.Status == wanted) return Answer.Accepted(NoContent.Value);
        bool AtRest(TStatus s) => lifecycle.KindOf(s) != StateKind.Transitional;
        if (d.IsGuarded && !AtRest(row.Status))
            return Answer.Conflict<NoContent>($"{what} is {row.Status}: the operation in flight finishes first");
        if (!await d.Transitions.Take(lifecycle, row, trigger, onlyFrom: AtRest))
            return Answer.Conflict<NoContent>($"{what} changed status meanwhile");
        return Answer.Accepted(NoContent.Value);
    }

    /// <summary>
    /// share_instance force_delete: the instance goes to deleting and its host deletes it whatever fails (api.py:
    /// delete_instance(force=True)); Manila checks nothing else. Guarded claims it from a status at rest and, on a fresh
    /// read, refuses unless it is the share's only instance and the share has no snapshots (use the share or replica
    /// delete), so no live row is left pointing at it. For a replicated share the claim and that check exclude a replica
    /// create under the replica lock, as a share delete does (released before the cast).
    /// </summary>
    public async Task<ApiResponse<NoContent>> ForceDeleteShareInstance(string instanceId)
    {
        await Enter($"POST /share_instances/{instanceId}/action force_delete");
        var instance = await d.Db.Get<ShareInstance>(instanceId);
        if (instance is null) return Answer.NotFound<NoContent>($"share instance {instanceId} not found");
        var lifecycle = d.Machines.ShareInstance;
        d.Coverage.Action(lifecycle, instance.Status, ApiAction.ForceDelete);
        await using var replicaGuard = instance.ReplicaState is not null ? await GuardedReplicaLock(instance.ShareId) : null;
        if (d.IsGuarded)
        {
            if (await ClaimForDelete(instance, Triggers.ForceDelete, async (share, siblings) =>
                {
                    if (siblings.Count > 1) return Answer.Conflict<NoContent>($"share {share.Id} has other instances; delete the replica instead");
                    return await DependentsProblem(share.Id, siblings);
                }) is { } refusal)
                return refusal;
        }
        else if (lifecycle.CanFire(instance.Status, Triggers.ForceDelete)) await d.Transitions.Take(lifecycle, instance, Triggers.ForceDelete);
        if (instance.Host is not { } host)
        {
            var shareId = instance.ShareId;
            await d.Transitions.TakeDelete(lifecycle, instance, "mgr.delete.ok", store => Manager.ShareRows.ReleaseWithInstance(d, store, shareId, instance));
            return Answer.Accepted(NoContent.Value);
        }
        if (replicaGuard is not null) await replicaGuard.DisposeAsync(); // never held across the cast
        await d.Rpc.CastAsync(host, "delete_share_instance", () => d.Manager(host).DeleteShareInstance(instanceId, force: true));
        return Answer.Accepted(NoContent.Value);
    }

    /// <summary>share group force_delete: no status check under Legacy (the member check stays, manila/share_group/api.py:
    /// delete); Guarded takes `deleting` from a status at rest under the group's lock.</summary>
    public async Task<ApiResponse<NoContent>> ForceDeleteShareGroup(string groupId)
    {
        await Enter($"POST /share-groups/{groupId}/action force_delete");
        await using var guard = d.IsGuarded ? await d.Locks.AcquireAsync(Host, Coordination.LockNames.ShareGroupMembers(groupId)) : null;
        var group = await d.Db.Get<ShareGroup>(groupId);
        if (group is null) return Answer.NotFound<NoContent>($"share group {groupId} not found");
        var lifecycle = d.Machines.ShareGroup;
        d.Coverage.Action(lifecycle, group.Status, ApiAction.ForceDelete);
        if ((await d.Db.Where<Share>(groupId, s => s.ShareGroupId == groupId)).Count > 0)
            return Answer.Conflict<NoContent>($"share group {groupId} has member shares");
        bool AtRest(ShareGroupStatus s) => lifecycle.KindOf(s) != StateKind.Transitional;
        if (d.IsGuarded && !AtRest(group.Status))
            return Answer.Conflict<NoContent>($"share group {groupId} is {group.Status}: the operation in flight finishes first");
        if (group.Status != ShareGroupStatus.Deleting
            && !await d.Transitions.Take(lifecycle, group, Triggers.ForceDelete, onlyFrom: AtRest))
            return Answer.Conflict<NoContent>($"share group {groupId} changed status meanwhile");
        if (group.Host is null)
        {
            await d.Transitions.TakeDelete(lifecycle, group, "mgr.delete.ok");
            return Answer.Accepted(NoContent.Value);
        }
        if (guard is not null) await guard.DisposeAsync(); // never held across the cast
        var host = group.Host;
        await d.Rpc.CastAsync(host, "delete_share_group", () => d.Manager(host).DeleteShareGroup(groupId));
        return Answer.Accepted(NoContent.Value);
    }
}
