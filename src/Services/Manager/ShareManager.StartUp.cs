// init_host when a share manager (re)starts (mgr.py: init_host, ensure_driver_resources; fact sheet 2 §7.3). Manila
// ensures shares only when the backend's info changed, which a restart of the same backend never does, and cleans
// nothing: Legacy leaves what its previous incarnation was doing where it stopped, for an admin to reset or
// force-delete. Guarded gets its unfinished messages again (RpcBus) and, before it takes any, finishes what no message
// will: servers it was setting up fail (a share waiting for one gets a new one), servers it was tearing down are torn
// down, its replica poll marks end, and access-rule syncs in flight go back to queued (Manila's
// reset_rules_to_queueing_states) and run again.
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Model;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    public async Task StartUp()
    {
        if (!d.IsGuarded) return;
        var machine = d.Machines.ShareServer;
        foreach (var server in await d.Db.Where<ShareServer>("host:" + Host, s => s.Host == Host))
        {
            if (machine.CanFire(server.Status, "mgr.setup.error"))
                await d.Transitions.Take(machine, server, "mgr.setup.error", Touch);
            else if (server.Status == ShareServerStatus.Deleting)
                await Teardown(server);
        }
        foreach (var (replicaId, poll) in replicaPolls.ToList())
        {
            poll.Pollers = 1;
            await EndReplicaPoll(replicaId, failed: false);
        }
        var resync = new List<string>();
        foreach (var instance in await d.Db.Where<ShareInstance>("host:" + Host, i => i.Host == Host))
        {
            bool pending = instance.AccessRulesStatus == AccessRulesStatus.Syncing;
            await using (await AccessLock(instance.Id))
            {
                await GiveBackInFlight(instance.Id);
                pending |= (await Mappings(instance.Id)).Any(m => m.Status != AccessMappingState.Active && m.Status != AccessMappingState.Error);
            }
            if (pending) resync.Add(instance.Id);
        }
        if (log.IsEnabled(LogLevel.Information)) log.LogInformation("started again: {Count} instance(s) to sync", resync.Count);
        foreach (var instanceId in resync)
        {
            // The process's work from the moment it exists: a crash before its first step ends it too.
            d.Sim.Spawn($"{Host}.sync_after_restart", async () =>
            {
                try
                {
                    await UpdateAccessRules(instanceId);
                }
                catch (Exception ex) when (ex is ShareBackendException or EntityNotFoundException)
                {
                    // The driver failed (the rules show it), or a delete took the instance meanwhile: as Manila logs.
                    if (log.IsEnabled(LogLevel.Information)) log.LogInformation("sync of {Instance} after restart: {Error}", instanceId, ex.Message);
                }
            }).Owner = Host;
        }
    }
}
