// Share network updates on this host (mgr.py: update_share_network_security_service,
// update_share_server_network_allocations, _check_share_network_update_finished). The API left the network and its
// servers `network_change`; each server gets one driver call, then `active` or `error`, and the last one to finish
// returns the network under `locked-share-network-operation-<id>`. Legacy: the lock is host-local and a failure writes
// the network `error` outside it, so another host's check can return the network to `active` in between. Guarded: the
// lock is distributed, every write is a test-and-set from `network_change`, the check alone decides active or error,
// and no lock is held across the driver calls.
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Coordination;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    /// <summary>update_share_network_security_service: swap the security service on this host's servers.</summary>
    public Task UpdateShareNetworkSecurityService(string networkId, string newSecurityServiceId, string? currentSecurityServiceId) =>
        UpdateServersOfNetwork(networkId, "security service", (server, shares) =>
            driver.UpdateShareServerSecurityServiceAsync(server, shares, newSecurityServiceId, currentSecurityServiceId));

    /// <summary>update_share_server_network_allocations: give this host's servers allocations on the new subnet.</summary>
    public Task UpdateShareServerNetworkAllocations(string networkId, string newSubnetId) =>
        UpdateServersOfNetwork(networkId, "network allocations", (server, shares) =>
            driver.UpdateShareServerNetworkAllocationsAsync(server, shares, newSubnetId));

    async Task UpdateServersOfNetwork(string networkId, string what,
        Func<DriverServer, IReadOnlyList<DriverShare>, Task> driverCall)
    {
        var machine = d.Machines.ShareServer;
        var servers = await d.Db.Where<ShareServer>("host:" + Host + "|" + networkId,
            s => s.Host == Host && s.ShareNetworkId == networkId);
        foreach (var server in servers)
        {
            // The API moved the servers it updates to network_change; others on this host are not part of it.
            if (server.Status != ShareServerStatus.NetworkChange) continue;
            var shares = new List<DriverShare>();
            foreach (var instance in await d.Db.Where<ShareInstance>(server.Id, i => i.ShareServerId == server.Id))
                if (await d.Db.Get<Share>(instance.ShareId) is { } share) shares.Add(ToDriver(instance, share));
            try
            {
                await driverCall(new DriverServer(server.Id, server.ShareNetworkSubnetId ?? server.Id), shares);
            }
            catch (ShareBackendException ex)
            {
                if (log.IsEnabled(LogLevel.Information)) log.LogInformation("{What} update of share server {Server} failed: {Error}", what, server.Id, ex.Message);
                if (!await d.Transitions.Take(machine, server, "mgr.network_update.error", Touch)) continue;
                // Legacy writes the network error at once, blind and outside the lock, as share_network_update does
                // (a Guarded check decides it instead).
                if (!d.IsGuarded)
                    await d.Transitions.Take<ShareNetwork, ShareNetworkStatus>(d.Machines.ShareNetwork, networkId,
                        ShareNetworkStatus.NetworkChange, "mgr.network_update.error", static n => n.Status, static (n, s) => n.Status = s);
                continue;
            }
            await d.Transitions.Take(machine, server, "mgr.network_update.ok", Touch);
        }
        await CheckShareNetworkUpdateFinished(networkId);
    }

    /// <summary>
    /// _check_share_network_update_finished: once no server of the network is still `network_change`, the network
    /// leaves `network_change`: `active`, or (Guarded) `error` when one of its servers failed the update.
    /// </summary>
    async Task CheckShareNetworkUpdateFinished(string networkId)
    {
        await using var guard = await d.Locks.AcquireAsync(Host, LockNames.ShareNetworkOperation(networkId));
        var network = await d.Db.Get<ShareNetwork>(networkId);
        if (network is null || network.Status != ShareNetworkStatus.NetworkChange) return;
        var servers = await d.Db.Where<ShareServer>(networkId, s => s.ShareNetworkId == networkId);
        if (servers.Any(s => s.Status == ShareServerStatus.NetworkChange)) return;
        bool failed = d.IsGuarded && servers.Any(s => s.Status == ShareServerStatus.Error);
        if (log.IsEnabled(LogLevel.Information)) log.LogInformation("share network {Network} update finished{Failed}", networkId, failed ? " with a failed server" : "");
        await d.Transitions.Take(d.Machines.ShareNetwork, network, failed ? "mgr.network_update.error" : "mgr.network_update.finished");
    }
}
