// Share groups as far as servers and subnets refer to them (manila/share_group/api.py: create, delete). Delete needs
// {available, error} and no member shares; Guarded checks members and takes `deleting` under the lock share create
// into the group also takes, so a share cannot join a group that is being deleted.
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    static ShareGroupView GroupView(ShareGroup g) => new(g.Id, g.Status.Value, g.Host, g.ShareNetworkId, g.ShareServerId);

    public async Task<ApiResponse<ShareGroupView>> CreateShareGroup(string projectId, string? shareNetworkId)
    {
        await Enter("POST /share-groups" + (shareNetworkId is null ? "" : $" network={shareNetworkId}"));
        ShareGroup group;
        // Guarded: the network check and the insert under the network lock, so a network update sees this group being
        // created (and waits for it) or this request sees network_change; released before the cast.
        await using (await GuardNetwork(shareNetworkId))
        {
            if (shareNetworkId is not null && await ShareNetworkProblem(shareNetworkId, ApiAction.CreateShare) is { } problem)
                return problem.As<ShareGroupView>();
            group = new ShareGroup
            {
                Id = d.Ids.Next("group"), ProjectId = projectId, Status = d.Machines.ShareGroup.Initial,
                ShareNetworkId = shareNetworkId, CreatedAt = Sim.UtcNow,
            };
            await d.Db.Insert(group);
        }
        bool dhss = shareNetworkId is not null;
        await d.Rpc.CastAsync(Deployment.SchedulerHost, "create_share_group", () => d.Scheduler.CreateShareGroup(group.Id, dhss));
        return Answer.Accepted(GroupView(group));
    }

    public async Task<ApiResponse<ShareGroupView>> GetShareGroup(string groupId)
    {
        await Enter($"GET /share-groups/{groupId}");
        var group = await d.Db.Get<ShareGroup>(groupId);
        return group is null ? Answer.NotFound<ShareGroupView>($"share group {groupId} not found") : Answer.Ok(GroupView(group));
    }

    public async Task<ApiResponse<NoContent>> DeleteShareGroup(string groupId)
    {
        await Enter($"DELETE /share-groups/{groupId}");
        await using var guard = d.IsGuarded ? await d.Locks.AcquireAsync(Host, LockNames.ShareGroupMembers(groupId)) : null;
        var group = await d.Db.Get<ShareGroup>(groupId);
        if (group is null) return Answer.NotFound<NoContent>($"share group {groupId} not found");
        if (!d.Machines.ShareGroup.Permits(group.Status, ApiAction.Delete))
            return Answer.Conflict<NoContent>($"share group {groupId} is {group.Status}; delete needs available or error");
        d.Coverage.Action(d.Machines.ShareGroup, group.Status, ApiAction.Delete);
        if ((await d.Db.Where<Share>(groupId, s => s.ShareGroupId == groupId)).Count > 0)
            return Answer.Conflict<NoContent>($"share group {groupId} has member shares");
        if (!await d.Transitions.Take(d.Machines.ShareGroup, group, "api.delete"))
            return Answer.Conflict<NoContent>($"share group {groupId} changed status meanwhile");
        if (group.Host is null)
        {
            // Never placed: nothing on a backend, the row goes at once.
            await d.Transitions.TakeDelete(d.Machines.ShareGroup, group, "mgr.delete.ok");
            return Answer.Accepted(NoContent.Value);
        }
        if (guard is not null) await guard.DisposeAsync(); // never held across the cast
        var host = group.Host;
        await d.Rpc.CastAsync(host, "delete_share_group", () => d.Manager(host).DeleteShareGroup(groupId));
        return Answer.Accepted(NoContent.Value);
    }
}
