// Share networks and subnets (ctl/share_networks, ctl/share_network_subnets; fact sheet §1.5). Subnets have no
// status; deleting one checks shares, groups and auto-deletability of its servers, casts delete_share_server for each
// and drops the subnet row at once. Guarded does the checks and the row delete under the subnet's distributed
// `share_manager_<subnet>` lock, inside which server provision re-reads the subnet: no server lands on a deleted one.
using SimManila.Model;
using SimManila.Services.History;
using SimManila.Services.Coordination;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    /// <summary>check_share_network_is_active and existence, as the share/replica/group APIs apply them.</summary>
    async Task<ApiResponse<NoContent>?> ShareNetworkProblem(string networkId, ApiAction action)
    {
        var network = await d.Db.Get<ShareNetwork>(networkId);
        if (network is null) return Answer.NotFound<NoContent>($"share network {networkId} not found");
        if (!d.Machines.ShareNetwork.Permits(network.Status, action))
            return Answer.BadRequest<NoContent>($"share network {networkId} is {network.Status}, must be active");
        d.Coverage.Action(d.Machines.ShareNetwork, network.Status, action);
        return null;
    }

    public async Task<ApiResponse<ShareNetworkView>> CreateShareNetwork(string projectId, string? availabilityZone)
    {
        await Enter("POST /share-networks");
        var network = new ShareNetwork
        {
            Id = d.Ids.Next("net"), ProjectId = projectId, Status = d.Machines.ShareNetwork.Initial, CreatedAt = Sim.UtcNow,
        };
        // Manila creates the network's first subnet with it (default subnet when no AZ is given).
        var subnet = new ShareNetworkSubnet
        {
            Id = d.Ids.Next("subnet"), ShareNetworkId = network.Id, AvailabilityZone = availabilityZone, CreatedAt = Sim.UtcNow,
        };
        await d.Db.Transaction(Storage.Db.Key<ShareNetwork>(network.Id), store =>
        {
            store.Insert(network);
            store.Insert(subnet);
        });
        return Answer.Accepted(new ShareNetworkView(network.Id, network.Status.Value, [subnet.Id]));
    }

    public async Task<ApiResponse<ShareNetworkView>> GetShareNetwork(string networkId)
    {
        await Enter($"GET /share-networks/{networkId}");
        var network = await d.Db.Get<ShareNetwork>(networkId);
        if (network is null) return Answer.NotFound<ShareNetworkView>($"share network {networkId} not found");
        var subnets = await d.Db.Where<ShareNetworkSubnet>(networkId, s => s.ShareNetworkId == networkId);
        return Answer.Ok(new ShareNetworkView(network.Id, network.Status.Value, subnets.Select(s => s.Id).ToList(), network.SecurityServiceId));
    }

    public async Task<ApiResponse<ShareNetworkSubnetView>> CreateSubnet(string networkId, string? availabilityZone)
    {
        await Enter($"POST /share-networks/{networkId}/subnets az={availabilityZone ?? "(default)"}");
        ApiResponse<ShareNetworkSubnetView> answer;
        IReadOnlyList<ShareServer> moved = [];
        var guard = await GuardNetwork(networkId);
        try
        {
            var network = await d.Db.Get<ShareNetwork>(networkId);
            if (network is null) return Answer.NotFound<ShareNetworkSubnetView>($"share network {networkId} not found");
            var existing = await d.Db.Where<ShareNetworkSubnet>(networkId, s => s.ShareNetworkId == networkId);
            var sameZone = existing.Where(s => s.AvailabilityZone == availabilityZone).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            if (sameZone.Count > 0)
            {
                // A zone whose subnets have servers takes a second subnet as a network allocation update (2.70);
                // otherwise the pre-2.70 rule stands: one subnet per availability zone.
                var zoneServers = await d.Db.Where<ShareServer>(networkId,
                    s => s.ShareNetworkId == networkId && s.ShareNetworkSubnetId != null && sameZone.Contains(s.ShareNetworkSubnetId));
                if (zoneServers.Count == 0)
                    return Answer.Conflict<ShareNetworkSubnetView>($"share network {networkId} already has a subnet for {availabilityZone ?? "the default zone"}");
                (answer, moved) = await AddSubnetToZoneWithServers(network, availabilityZone, zoneServers);
            }
            else
            {
                var subnet = new ShareNetworkSubnet
                {
                    Id = d.Ids.Next("subnet"), ShareNetworkId = networkId, AvailabilityZone = availabilityZone, CreatedAt = Sim.UtcNow,
                };
                await d.Db.Insert(subnet);
                answer = Answer.Accepted(new ShareNetworkSubnetView(subnet.Id, networkId, availabilityZone));
            }
        }
        finally
        {
            if (guard is not null) await guard.DisposeAsync(); // never held across the casts
        }
        if (moved.Count > 0) await CastAllocationUpdates(networkId, answer.Resource!.Id, moved);
        return answer;
    }

    /// <summary>Why the servers block a delete: shares or groups on them, or not auto-deletable. A subnet delete
    /// looks for groups only since LP 2004212 (2b5205672); <paramref name="checkGroups"/> is false before it.</summary>
    async Task<string?> ServersBlockDelete(IReadOnlyList<ShareServer> servers, bool checkGroups = true)
    {
        foreach (var server in servers)
        {
            if ((await d.Db.Where<ShareInstance>(server.Id, i => i.ShareServerId == server.Id)).Count > 0)
                return $"share server {server.Id} has shares";
            if (checkGroups && (await d.Db.Where<ShareGroup>(server.Id, g => g.ShareServerId == server.Id)).Count > 0)
                return $"share server {server.Id} has share groups";
            if (!server.IsAutoDeletable) return $"share server {server.Id} is not auto-deletable";
        }
        return null;
    }

    public async Task<ApiResponse<NoContent>> DeleteSubnet(string networkId, string subnetId)
    {
        await Enter($"DELETE /share-networks/{networkId}/subnets/{subnetId}");
        await using var guard = d.IsGuarded ? await d.Locks.AcquireAsync(Host, LockNames.ShareManagerSubnet(subnetId)) : null;
        var subnet = await d.Db.Get<ShareNetworkSubnet>(subnetId);
        if (subnet is null || subnet.ShareNetworkId != networkId)
            return Answer.NotFound<NoContent>($"subnet {subnetId} of share network {networkId} not found");
        var servers = await d.Db.Where<ShareServer>(subnetId, s => s.ShareNetworkSubnetId == subnetId);
        var blocked = await ServersBlockDelete(servers, checkGroups: !d.Lacks(Fixes.SubnetDeleteChecksGroups));
        if (blocked is not null) return Answer.Conflict<NoContent>($"cannot delete subnet {subnetId}: {blocked}");
        await d.Db.Transaction(Storage.Db.Key<ShareNetworkSubnet>(subnetId), store => store.SoftDelete<ShareNetworkSubnet>(subnetId, Sim.UtcNow));
        if (guard is not null) await guard.DisposeAsync(); // never held across the casts
        foreach (var server in servers) await CastDeleteServer(server);
        return Answer.Accepted(NoContent.Value);
    }

    public async Task<ApiResponse<NoContent>> DeleteShareNetwork(string networkId)
    {
        await Enter($"DELETE /share-networks/{networkId}");
        var network = await d.Db.Get<ShareNetwork>(networkId);
        if (network is null) return Answer.NotFound<NoContent>($"share network {networkId} not found");
        if (!d.Machines.ShareNetwork.Permits(network.Status, ApiAction.Delete))
            return Answer.Conflict<NoContent>($"share network {networkId} is {network.Status}");
        d.Coverage.Action(d.Machines.ShareNetwork, network.Status, ApiAction.Delete);
        if ((await d.Db.Where<ShareInstance>(networkId, i => i.ShareNetworkId == networkId)).Count > 0)
            return Answer.Conflict<NoContent>($"share network {networkId} is in use by shares");
        if ((await d.Db.Where<ShareGroup>(networkId, g => g.ShareNetworkId == networkId)).Count > 0)
            return Answer.Conflict<NoContent>($"share network {networkId} is in use by share groups");
        var subnets = await d.Db.Where<ShareNetworkSubnet>(networkId, s => s.ShareNetworkId == networkId);
        var servers = await d.Db.Where<ShareServer>(networkId, s => s.ShareNetworkId == networkId);
        var blocked = await ServersBlockDelete(servers);
        if (blocked is not null) return Answer.Conflict<NoContent>($"cannot delete share network {networkId}: {blocked}");
        if (!await d.Transitions.TakeDelete(d.Machines.ShareNetwork, network, "api.delete", store =>
            {
                foreach (var subnet in subnets)
                    if (store.Find<ShareNetworkSubnet>(subnet.Id) is not null) store.SoftDelete<ShareNetworkSubnet>(subnet.Id, Sim.UtcNow);
            }))
            return Answer.Conflict<NoContent>($"share network {networkId} changed status meanwhile");
        foreach (var server in servers) await CastDeleteServer(server);
        return Answer.Accepted(NoContent.Value);
    }
}
