// Share groups on the share manager (mgr.py: create_share_group, delete_share_group). On a DHSS backend a group gets
// a share server under `share_manager_<share_network_id>` (_provide_share_server_for_share_group): a different key
// from the subnet-keyed lock server delete takes, the fact sheet's inferred gap, kept under Legacy. Guarded takes the
// subnet lock for groups too.
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Coordination;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    public async Task CreateShareGroup(string groupId)
    {
        var group = await d.Db.Get<ShareGroup>(groupId);
        if (group is null) return;
        if (!StillExpected("share group", groupId, group.Status, ShareGroupStatus.Creating)) return;
        try
        {
            string? serverId = null;
            if (driver.Capabilities.DriverHandlesShareServers && group.ShareNetworkId is not null)
            {
                serverId = await ProvideGroupServer(group);
                await d.Db.Update<ShareGroup>(groupId, g => g.ShareServerId = serverId);
            }
            await driver.CreateShareGroupAsync(groupId, serverId);
        }
        catch (ShareBackendException ex)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("create share group {Group} failed: {Error}", groupId, ex.Message);
            await d.Transitions.Take(d.Machines.ShareGroup, group, "mgr.create.error");
            return;
        }
        await d.Transitions.Take(d.Machines.ShareGroup, group, "mgr.create.ok");
    }

    /// <summary>Reuses an active server of the group's network on this host, or provides one as for a share.</summary>
    async Task<string> ProvideGroupServer(ShareGroup group)
    {
        var networkId = group.ShareNetworkId!;
        if (d.IsGuarded) return await ProvideShareServerForGroup(group.Id, networkId);
        await using (await d.Locks.AcquireAsync(Host, LockNames.ShareManagerNetwork(networkId)))
        {
            var servers = await d.Db.Where<ShareServer>(Host + "|" + networkId, s => s.Host == Host && s.ShareNetworkId == networkId);
            var active = servers.FirstOrDefault(s => s.Status == ShareServerStatus.Active);
            if (active is not null) return active.Id;
        }
        return await ProvideShareServerForGroup(group.Id, networkId);
    }

    /// <summary>The share path with the group standing in for the instance (it records the server on the group row).</summary>
    async Task<string> ProvideShareServerForGroup(string groupId, string networkId)
    {
        var subnet = await SubnetFor(networkId, null)
            ?? throw new ShareBackendException($"share network {networkId} has no default subnet");
        ShareServer? server;
        bool created = false;
        await using (await d.Locks.AcquireAsync(Host, LockNames.ShareManagerSubnet(subnet.Id)))
        {
            var guarded = d.IsGuarded;
            var candidates = await d.Db.Where<ShareServer>(Host + "|" + subnet.Id, s => s.Host == Host && s.ShareNetworkSubnetId == subnet.Id);
            server = candidates.FirstOrDefault(s => IsReuseCandidate(s.Status, guarded));
            if (server is null)
            {
                server = new ShareServer
                {
                    Id = d.Ids.Next("server"), Host = Host, Status = d.Machines.ShareServer.Initial,
                    ShareNetworkSubnetId = subnet.Id, ShareNetworkId = networkId, CreatedAt = d.Sim.UtcNow, UpdatedAt = d.Sim.UtcNow,
                };
                await d.Db.Insert(server);
                created = true;
            }
            // Guarded: the group row names its server inside the lock, so a delete's re-check sees it.
            if (guarded) await d.Db.Update<ShareGroup>(groupId, g => g.ShareServerId = server.Id);
            else if (created) await SetupServer(server);
        }
        if (d.IsGuarded)
        {
            if (created) await SetupServer(server);
            else await WaitUntilActive(server.Id);
        }
        return server.Id;
    }

    public async Task DeleteShareGroup(string groupId)
    {
        var group = await d.Db.Get<ShareGroup>(groupId);
        if (group is null) return;
        if (!StillExpected("share group", groupId, group.Status, ShareGroupStatus.Deleting)) return;
        try
        {
            await driver.DeleteShareGroupAsync(groupId);
        }
        catch (ShareBackendException ex)
        {
            // A failed group delete goes to error, not error_deleting.
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("delete share group {Group} failed: {Error}", groupId, ex.Message);
            await d.Transitions.Take(d.Machines.ShareGroup, group, "mgr.delete.error");
            return;
        }
        await d.Transitions.TakeDelete(d.Machines.ShareGroup, group, "mgr.delete.ok");
    }
}
