// The read calls (GET show and list of shares, instances, snapshots, networks, subnets, groups). Each reads its rows
// as Manila's query does, one statement per table; a read that races a delete answers 404 or a view of rows that were
// live when it read them, never an internal error (LP 2114260's guard covers the one join that raised).
using SimManila.Model;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    public async Task<ApiResponse<IReadOnlyList<ShareView>>> ListShares(string projectId)
    {
        await Enter("GET /shares");
        var shares = await d.Db.Where<Share>("project:" + projectId, s => s.ProjectId == projectId);
        var views = new List<ShareView>(shares.Count);
        foreach (var share in shares)
            views.Add(View(share, await d.Db.Where<ShareInstance>(share.Id, i => i.ShareId == share.Id)));
        return Answer.Ok<IReadOnlyList<ShareView>>(views);
    }

    static ShareInstanceView InstanceView(ShareInstance i) =>
        new(i.Id, i.ShareId, i.Status.Value, i.Host, i.ShareServerId, i.ReplicaState?.Value);

    /// <summary>GET /share_instances/{id} (admin).</summary>
    public async Task<ApiResponse<ShareInstanceView>> GetShareInstance(string instanceId)
    {
        await Enter($"GET /share_instances/{instanceId}");
        var instance = await d.Db.Get<ShareInstance>(instanceId);
        return instance is null ? Answer.NotFound<ShareInstanceView>($"share instance {instanceId} not found") : Answer.Ok(InstanceView(instance));
    }

    /// <summary>GET /shares/{id}/instances (admin).</summary>
    public async Task<ApiResponse<IReadOnlyList<ShareInstanceView>>> ListShareInstances(string shareId)
    {
        await Enter($"GET /shares/{shareId}/instances");
        if (await d.Db.Get<Share>(shareId) is null) return Answer.NotFound<IReadOnlyList<ShareInstanceView>>($"share {shareId} not found");
        var instances = await d.Db.Where<ShareInstance>(shareId, i => i.ShareId == shareId);
        return Answer.Ok<IReadOnlyList<ShareInstanceView>>(instances.Select(InstanceView).ToList());
    }

    /// <summary>GET /snapshots?share_id=...: each snapshot with its aggregate status.</summary>
    public async Task<ApiResponse<IReadOnlyList<SnapshotView>>> ListSnapshots(string shareId)
    {
        await Enter($"GET /snapshots?share_id={shareId}");
        var snapshots = await d.Db.Where<Snapshot>(shareId, s => s.ShareId == shareId);
        var views = new List<SnapshotView>(snapshots.Count);
        foreach (var snapshot in snapshots)
        {
            var instances = await d.Db.Where<SnapshotInstance>(snapshot.Id, s => s.SnapshotId == snapshot.Id);
            var shareInstances = await d.Db.Where<ShareInstance>(shareId, i => i.ShareId == shareId);
            views.Add(SnapshotViewOf(snapshot, instances, shareInstances));
        }
        return Answer.Ok<IReadOnlyList<SnapshotView>>(views);
    }

    public async Task<ApiResponse<IReadOnlyList<ShareNetworkView>>> ListShareNetworks(string projectId)
    {
        await Enter("GET /share-networks");
        var networks = await d.Db.Where<ShareNetwork>("project:" + projectId, n => n.ProjectId == projectId);
        var views = new List<ShareNetworkView>(networks.Count);
        foreach (var network in networks)
        {
            var subnets = await d.Db.Where<ShareNetworkSubnet>(network.Id, s => s.ShareNetworkId == network.Id);
            views.Add(new ShareNetworkView(network.Id, network.Status.Value, subnets.Select(s => s.Id).ToList(), network.SecurityServiceId));
        }
        return Answer.Ok<IReadOnlyList<ShareNetworkView>>(views);
    }

    public async Task<ApiResponse<ShareNetworkSubnetView>> GetSubnet(string networkId, string subnetId)
    {
        await Enter($"GET /share-networks/{networkId}/subnets/{subnetId}");
        var subnet = await d.Db.Get<ShareNetworkSubnet>(subnetId);
        return subnet is null || subnet.ShareNetworkId != networkId
            ? Answer.NotFound<ShareNetworkSubnetView>($"subnet {subnetId} of share network {networkId} not found")
            : Answer.Ok(new ShareNetworkSubnetView(subnet.Id, networkId, subnet.AvailabilityZone));
    }

    public async Task<ApiResponse<IReadOnlyList<ShareGroupView>>> ListShareGroups(string projectId)
    {
        await Enter("GET /share-groups");
        var groups = await d.Db.Where<ShareGroup>("project:" + projectId, g => g.ProjectId == projectId);
        return Answer.Ok<IReadOnlyList<ShareGroupView>>(groups.Select(GroupView).ToList());
    }
}
