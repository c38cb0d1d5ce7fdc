// The two requests that put a share network into `network_change` (fact sheet §1.5): a security-service update on a
// network in use (api.py: update_share_network_security_service) and a subnet added to an availability zone that
// already has servers (api.py: update_share_server_network_allocations). Both check the network, its servers, shares
// and rules (_share_network_update_initial_checks, _share_server_update_allocations_initial_checks), move the servers
// and the network to `network_change`, and cast one update per backend host. Legacy checks, then writes. Guarded does
// checks and test-and-sets under the distributed `locked-share-network-operation-<id>` lock, which the share and
// access requests also take around their network check, and releases it before any cast.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    /// <summary>Guarded only: the network lock that orders a network check against a network update.</summary>
    async Task<LockLease?> GuardNetwork(string? networkId) =>
        d.IsGuarded && networkId is not null ? await d.Locks.AcquireAsync(Host, LockNames.ShareNetworkOperation(networkId)) : null;

    public async Task<ApiResponse<ShareNetworkView>> UpdateShareNetworkSecurityService(string networkId,
        string newSecurityServiceId, string? currentSecurityServiceId)
    {
        await Enter($"POST /share-networks/{networkId}/action update_security_service {currentSecurityServiceId ?? "(none)"} -> {newSecurityServiceId}");
        IReadOnlyList<ShareServer> moved;
        var guard = await GuardNetwork(networkId);
        try
        {
            var network = await d.Db.Get<ShareNetwork>(networkId);
            if (network is null) return Answer.NotFound<ShareNetworkView>($"share network {networkId} not found");
            if (network.SecurityServiceId != currentSecurityServiceId)
                return Answer.BadRequest<ShareNetworkView>($"share network {networkId} has security service "
                    + $"{network.SecurityServiceId ?? "(none)"}, not {currentSecurityServiceId ?? "(none)"}");
            if (newSecurityServiceId == network.SecurityServiceId)
                return Answer.BadRequest<ShareNetworkView>($"security service {newSecurityServiceId} is already associated with {networkId}");
            var servers = await d.Db.Where<ShareServer>(networkId, s => s.ShareNetworkId == networkId);
            if (servers.Count == 0)
            {
                // Guarded: a share being created on the network may have read the old association for the server it is
                // about to set up; it finishes first (share create checks the network under the same lock).
                if (d.IsGuarded && await ShareBeingPlacedOn(networkId) is { } placing)
                    return Answer.Conflict<ShareNetworkView>($"share instance {placing.Id} is being created on share network {networkId}");
                if (d.IsGuarded && await GroupBeingCreatedOn(networkId) is { } creating)
                    return Answer.Conflict<ShareNetworkView>($"share group {creating.Id} is being created on share network {networkId}");
                // Not in use: only the association changes, no server to update.
                await d.Db.Update<ShareNetwork>(networkId, n => n.SecurityServiceId = newSecurityServiceId);
                return Answer.Ok(new ShareNetworkView(networkId, network.Status.Value, [], newSecurityServiceId));
            }
            var problem = await NetworkUpdateProblem(network, servers, c => c.SecurityServiceUpdateSupport, "security service update");
            if (problem is not null) return Answer.BadRequest<ShareNetworkView>(problem);
            var previous = network.SecurityServiceId;
            var result = await MoveToNetworkChange(network, servers, "api.security_service_update",
                n => n.SecurityServiceId = newSecurityServiceId, n => n.SecurityServiceId = previous);
            if (result is null) return Answer.Conflict<ShareNetworkView>($"share network {networkId} or its servers changed meanwhile");
            moved = result;
        }
        finally
        {
            if (guard is not null) await guard.DisposeAsync(); // never held across the casts
        }
        foreach (var host in moved.Select(s => s.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            await d.Rpc.CastAsync(host, "update_share_network_security_service",
                () => d.Manager(host).UpdateShareNetworkSecurityService(networkId, newSecurityServiceId, currentSecurityServiceId));
        return Answer.Accepted(new ShareNetworkView(networkId, ShareNetworkStatus.NetworkChange.Value, [], newSecurityServiceId));
    }

    /// <summary>
    /// A second subnet in an availability zone whose subnets already have servers: the servers there must gain
    /// allocations on it (API 2.70, update_share_server_network_allocations). CreateSubnet casts to the servers
    /// moved once its lock is released.
    /// </summary>
    async Task<(ApiResponse<ShareNetworkSubnetView> Answer, IReadOnlyList<ShareServer> Moved)> AddSubnetToZoneWithServers(
        ShareNetwork network, string? availabilityZone, IReadOnlyList<ShareServer> zoneServers)
    {
        var allServers = await d.Db.Where<ShareServer>(network.Id, s => s.ShareNetworkId == network.Id);
        var problem = await NetworkUpdateProblem(network, allServers, c => c.NetworkAllocationUpdateSupport, "network allocation update");
        if (problem is not null) return (Answer.BadRequest<ShareNetworkSubnetView>(problem), []);
        var moved = await MoveToNetworkChange(network, zoneServers, "api.subnet_add_with_servers", null, null);
        if (moved is null) return (Answer.Conflict<ShareNetworkSubnetView>($"share network {network.Id} or its servers changed meanwhile"), []);
        var subnet = new ShareNetworkSubnet
        {
            Id = d.Ids.Next("subnet"), ShareNetworkId = network.Id, AvailabilityZone = availabilityZone, CreatedAt = Sim.UtcNow,
        };
        await d.Db.Insert(subnet);
        return (Answer.Accepted(new ShareNetworkSubnetView(subnet.Id, network.Id, availabilityZone)), moved);
    }

    async Task CastAllocationUpdates(string networkId, string subnetId, IReadOnlyList<ShareServer> moved)
    {
        foreach (var host in moved.Select(s => s.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            await d.Rpc.CastAsync(host, "update_share_server_network_allocations",
                () => d.Manager(host).UpdateShareServerNetworkAllocations(networkId, subnetId));
    }

    /// <summary>A share instance on the network still in a transitional status (being created), if any.</summary>
    async Task<ShareInstance?> ShareBeingPlacedOn(string networkId) =>
        (await d.Db.Where<ShareInstance>(networkId, i => i.ShareNetworkId == networkId))
            .FirstOrDefault(i => d.Machines.ShareInstance.KindOf(i.Status) == StateKind.Transitional);

    /// <summary>Guarded: a share group on the network still being created, if any. Its manager may set up a server and
    /// read the network's security service for it, so an update waits (group create checks the network under the
    /// same lock).</summary>
    async Task<ShareGroup?> GroupBeingCreatedOn(string networkId) =>
        (await d.Db.Where<ShareGroup>(networkId, g => g.ShareNetworkId == networkId))
            .FirstOrDefault(g => d.Machines.ShareGroup.KindOf(g.Status) == StateKind.Transitional);

    /// <summary>Why the network cannot be updated now: network active, every server active on a backend that supports
    /// the update, every share instance available with its rules (and each rule's mapping) active; Guarded, also no
    /// share group being created on it.</summary>
    async Task<string?> NetworkUpdateProblem(ShareNetwork network, IReadOnlyList<ShareServer> servers,
        Func<DriverCapabilities, bool> supports, string update)
    {
        if (!d.Machines.ShareNetwork.Permits(network.Status, ApiAction.Update))
            return $"share network {network.Id} is {network.Status}, must be active";
        d.Coverage.Action(d.Machines.ShareNetwork, network.Status, ApiAction.Update);
        foreach (var server in servers)
        {
            if (!d.Machines.ShareServer.Permits(server.Status, ApiAction.Update))
                return $"share server {server.Id} is {server.Status}, must be active";
            d.Coverage.Action(d.Machines.ShareServer, server.Status, ApiAction.Update);
            if (!supports(d.Manager(server.Host).Driver.Capabilities))
                return $"backend {server.Host} of share server {server.Id} does not support {update}";
        }
        var instances = await d.Db.Where<ShareInstance>(network.Id, i => i.ShareNetworkId == network.Id);
        foreach (var instance in instances)
        {
            if (instance.Status != ShareInstanceStatus.Available)
                return $"share instance {instance.Id} is {instance.Status}, must be available";
            if (instance.AccessRulesStatus != AccessRulesStatus.Active)
                return $"share instance {instance.Id} has access_rules_status {instance.AccessRulesStatus}, must be active";
            var mappings = await d.Db.Where<AccessRuleMapping>(instance.Id, m => m.ShareInstanceId == instance.Id);
            if (mappings.FirstOrDefault(m => m.Status != AccessMappingState.Active) is { } pending)
                return $"access rule {pending.AccessId} is {pending.Status} on {instance.Id}, must be active";
        }
        if (d.IsGuarded && await GroupBeingCreatedOn(network.Id) is { } creating)
            return $"share group {creating.Id} is {creating.Status} on share network {network.Id}, must not be in transition";
        return null;
    }

    /// <summary>
    /// Servers, then the network, to `network_change`; returns the servers moved, or null when nothing changed.
    /// Legacy writes them all unconditionally, servers first (share_servers_update, then share_network_update).
    /// Guarded takes the network first, so a concurrent delete or update loses; a server that left `active` meanwhile
    /// (deleted by the cleanup task) is left out, and with none left the network goes back to `active`.
    /// </summary>
    async Task<IReadOnlyList<ShareServer>?> MoveToNetworkChange(ShareNetwork network, IReadOnlyList<ShareServer> servers,
        string networkTrigger, Action<ShareNetwork>? alsoChange, Action<ShareNetwork>? undo)
    {
        var serverMachine = d.Machines.ShareServer;
        void Touch(ShareServer s) => s.UpdatedAt = Sim.UtcNow;
        if (!d.IsGuarded)
        {
            foreach (var server in servers) await d.Transitions.Take(serverMachine, server, "api.network_update", Touch);
            await d.Transitions.Take(d.Machines.ShareNetwork, network, networkTrigger, alsoChange);
            return servers;
        }
        if (!await d.Transitions.Take(d.Machines.ShareNetwork, network, networkTrigger, alsoChange)) return null;
        var moved = new List<ShareServer>(servers.Count);
        foreach (var server in servers)
            if (await d.Transitions.Take(serverMachine, server, "api.network_update", Touch)) moved.Add(server);
        if (moved.Count > 0) return moved;
        await d.Transitions.Take(d.Machines.ShareNetwork, network, "api.network_update.abort", undo);
        return null;
    }
}
