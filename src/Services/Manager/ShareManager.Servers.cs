// Share servers on a DHSS backend (mgr.py: _provide_share_server_for_share, _setup_server, delete_share_server,
// delete_free_share_servers). Provide and delete serialise on `share_manager_<subnet_id>`. Legacy keeps Manila's
// shape: the lock is host-local, the instance gets `share_server_id` and setup runs inside it (83e94d735; before that
// fix the instance learned its server after the lock and the teardown took no lock), and the manager's in-lock
// re-check looks at instances only (LP 1501326). Guarded writes `share_server_id` inside the lock before setup, shows
// the setup phases, re-checks groups too, and holds no lock across a driver call.
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.Services.History;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    /// <summary>How long a share waits for a reused server still being set up (Guarded), in polls of one driver latency.</summary>
    const int MaxServerReadinessPolls = 30;

    static bool IsReuseCandidate(ShareServerStatus status, bool guarded) =>
        status == ShareServerStatus.Creating || status == ShareServerStatus.Active
        || (guarded && (status == ShareServerStatus.AllocatingNetwork || status == ShareServerStatus.SettingUp));

    /// <summary>The subnet serving an availability zone: the AZ's own subnet, else the network's default one.</summary>
    async Task<ShareNetworkSubnet?> SubnetFor(string networkId, string? availabilityZone)
    {
        var subnets = await d.Db.Where<ShareNetworkSubnet>(networkId, s => s.ShareNetworkId == networkId);
        return subnets.FirstOrDefault(s => s.AvailabilityZone != null && s.AvailabilityZone == availabilityZone)
            ?? subnets.FirstOrDefault(s => s.AvailabilityZone == null);
    }

    /// <summary>
    /// Picks or creates the server for an instance and returns its id, ready for shares. Raises ShareBackendException
    /// when there is no subnet, setup fails, or (Guarded) the reused server never becomes active.
    /// </summary>
    internal async Task<string> ProvideShareServer(string instanceId, string networkId, string? availabilityZone)
    {
        var subnet = await SubnetFor(networkId, availabilityZone)
            ?? throw new ShareBackendException($"share network {networkId} has no subnet for availability zone {availabilityZone ?? "(default)"}");
        ShareServer server;
        bool created = false;
        bool serverIdAfterLock = d.Lacks(Fixes.ServerIdWrittenInLock);
        await using (await d.Locks.AcquireAsync(Host, LockNames.ShareManagerSubnet(subnet.Id)))
        {
            // Guarded re-reads the subnet in the lock: a subnet deleted meanwhile gets no new server.
            if (d.IsGuarded && await d.Db.Get<ShareNetworkSubnet>(subnet.Id) is null)
                throw new ShareBackendException($"share network subnet {subnet.Id} was deleted");
            bool guarded = d.IsGuarded;
            var candidates = await d.Db.Where<ShareServer>(Host + "|" + subnet.Id,
                s => s.Host == Host && s.ShareNetworkSubnetId == subnet.Id);
            server = candidates.FirstOrDefault(s => IsReuseCandidate(s.Status, guarded))!;
            if (server is null)
            {
                server = new ShareServer
                {
                    Id = d.Ids.Next("server"), Host = Host, Status = d.Machines.ShareServer.Initial,
                    ShareNetworkSubnetId = subnet.Id, ShareNetworkId = networkId, CreatedAt = d.Sim.UtcNow,
                    UpdatedAt = d.Sim.UtcNow,
                };
                await d.Db.Insert(server);
                created = true;
            }
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("{Instance} uses share server {Server} ({How})", instanceId, server.Id, created ? "new" : "reused");
            // Before 83e94d735 the instance learned its server only after the lock, below: a server delete could find
            // no dependent in between and tear the server down under the share.
            if (!serverIdAfterLock)
                await d.Db.Update<ShareInstance>(instanceId, i => i.ShareServerId = server.Id);
            if (!guarded && created)
                await SetupServer(server); // Legacy: inside the lock, as HEAD's _wrapped_provide_share_server_for_share
        }
        if (d.IsGuarded)
        {
            if (created) await SetupServer(server);
            else await WaitUntilActive(server.Id);
        }
        if (serverIdAfterLock) await d.Db.Update<ShareInstance>(instanceId, i => i.ShareServerId = server.Id);
        return server.Id;
    }

    /// <summary>allocate_network then setup_server; Guarded writes each phase so delete and reuse see how far it got.</summary>
    async Task SetupServer(ShareServer server)
    {
        var machine = d.Machines.ShareServer;
        try
        {
            if (d.IsGuarded)
            {
                if (!await d.Transitions.Take(machine, server, "mgr.setup.allocate", Touch))
                    throw new ShareBackendException($"share server {server.Id} left creating before network allocation");
                await d.Db.Get<ShareNetworkSubnet>(server.ShareNetworkSubnetId!); // allocate_network reads the subnet
                if (!await d.Transitions.Take(machine, server, "mgr.setup.allocated", Touch))
                    throw new ShareBackendException($"share server {server.Id} left allocating_network");
            }
            // _form_server_setup_info reads the network's security service at setup time.
            var network = server.ShareNetworkId is null ? null : await d.Db.Get<ShareNetwork>(server.ShareNetworkId);
            await driver.SetupServerAsync(new DriverServer(server.Id, server.ShareNetworkSubnetId!, network?.SecurityServiceId));
        }
        catch (ShareBackendException ex)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("setup of share server {Server} failed: {Error}", server.Id, ex.Message);
            if (machine.CanFire(server.Status, "mgr.setup.error"))
                await d.Transitions.Take(machine, server, "mgr.setup.error", Touch);
            throw;
        }
        if (!await d.Transitions.Take(machine, server, "mgr.setup.ok", Touch))
            throw new ShareBackendException($"share server {server.Id} changed status during setup");
    }

    /// <summary>Guarded: a reused server still in a setup phase is waited for, polled on virtual time.</summary>
    async Task WaitUntilActive(string serverId)
    {
        for (int poll = 0; poll < MaxServerReadinessPolls; poll++)
        {
            var server = await d.Db.Get<ShareServer>(serverId);
            if (server is null || !IsReuseCandidate(server.Status, guarded: true))
                throw new ShareBackendException($"share server {serverId} is {server?.Status.Value ?? "gone"}, not becoming active");
            if (server.Status == ShareServerStatus.Active) return;
            await d.Sim.Delay(d.Topology.DriverLatency, "wait for share server " + serverId);
        }
        throw new ShareBackendException($"share server {serverId} did not become active");
    }

    /// <summary>updated_at moves with every write to a server row; unused-server cleanup measures age from it.</summary>
    void Touch(ShareServer server) => server.UpdatedAt = d.Sim.UtcNow;

    /// <summary>
    /// delete_share_server: re-checks dependents under the subnet lock, then `deleting`, teardown, row delete.
    /// <paramref name="seen"/> is the server as the caller (API or cleanup query) read it: Legacy writes from it.
    /// </summary>
    public async Task DeleteShareServer(ShareServer seen, bool fromCleanup = false)
    {
        var machine = d.Machines.ShareServer;
        var trigger = fromCleanup ? "periodic.cleanup.begin" : "mgr.delete.begin";
        if (d.Lacks(Fixes.ServerIdWrittenInLock))
        {
            // Before 83e94d735: no lock and no look for dependents; the server goes as the caller saw it.
            if (seen.Status != ShareServerStatus.Deleting) await d.Transitions.Take(machine, seen, trigger, Touch);
            await Teardown(seen);
            return;
        }
        var lockName = LockNames.ShareManagerSubnet(seen.ShareNetworkSubnetId ?? seen.Id);
        ShareServer server;
        var lease = await d.Locks.AcquireAsync(Host, lockName);
        try
        {
            var dependents = await d.Db.Where<ShareInstance>(seen.Id, i => i.ShareServerId == seen.Id);
            if (dependents.Count > 0)
            {
                if (log.IsEnabled(LogLevel.Information)) log.LogInformation("share server {Server} is in use by {Instance}", seen.Id, dependents[0].Id);
                return;
            }
            // LP 1501326: Manila's manager re-checks instances only; the API checked groups before casting.
            if (d.IsGuarded && (await d.Db.Where<ShareGroup>(seen.Id, g => g.ShareServerId == seen.Id)).Count > 0) return;
            if (d.IsGuarded)
            {
                var current = await d.Db.Get<ShareServer>(seen.Id);
                if (current is null || !machine.CanFire(current.Status, trigger)) return;
                if (!await d.Transitions.Take(machine, current, trigger, Touch)) return;
                server = current;
            }
            else
            {
                server = seen;
                if (server.Status != ShareServerStatus.Deleting) await d.Transitions.Take(machine, server, trigger, Touch);
                await Teardown(server); // Legacy: teardown inside _wrapped_delete_share_server, under the lock
                return;
            }
        }
        finally
        {
            await lease.DisposeAsync();
        }
        await Teardown(server); // Guarded: `deleting` fences the server; no lock across the driver call
    }

    async Task Teardown(ShareServer server)
    {
        try
        {
            await driver.TeardownServerAsync(new DriverServer(server.Id, server.ShareNetworkSubnetId ?? server.Id));
        }
        catch (ShareBackendException ex)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("teardown of share server {Server} failed: {Error}", server.Id, ex.Message);
            await d.Transitions.Take(d.Machines.ShareServer, server, "mgr.delete.error", Touch);
            return;
        }
        await d.Transitions.TakeDelete(d.Machines.ShareServer, server, "mgr.delete.ok");
    }

    /// <summary>
    /// delete_free_share_servers (600 s): auto-deletable servers of this host with no instances and no groups, in
    /// {inactive, active, error, creating, deleting}, untouched for unused_share_server_cleanup_interval (096b9a680).
    /// </summary>
    public async Task DeleteFreeShareServers()
    {
        if (!driver.Capabilities.DriverHandlesShareServers || !d.Topology.AutomaticShareServerCleanup) return;
        var cutoff = d.Sim.UtcNow - d.Topology.UnusedShareServerCleanupInterval;
        var servers = await d.Db.Where<ShareServer>("host:" + Host, s => s.Host == Host && s.IsAutoDeletable);
        // Since LP 2142133 (096b9a680) servers stuck in creating or deleting are candidates too.
        bool stuckToo = !d.Lacks(Fixes.CleanupReclaimsStuckServers);
        foreach (var server in servers)
        {
            if (!IsCleanupCandidate(server.Status, stuckToo) || (server.UpdatedAt ?? server.CreatedAt) > cutoff) continue;
            if ((await d.Db.Where<ShareInstance>(server.Id, i => i.ShareServerId == server.Id)).Count > 0) continue;
            if ((await d.Db.Where<ShareGroup>(server.Id, g => g.ShareServerId == server.Id)).Count > 0) continue;
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("deleting unused share server {Server}", server.Id);
            await DeleteShareServer(server, fromCleanup: true);
        }
    }

    static bool IsCleanupCandidate(ShareServerStatus status, bool stuckToo) =>
        status == ShareServerStatus.Inactive || status == ShareServerStatus.Active || status == ShareServerStatus.Error
        || (stuckToo && (status == ShareServerStatus.Creating || status == ShareServerStatus.Deleting));
}
