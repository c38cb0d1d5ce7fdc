// The scheduler's view of each backend's capacity (scheduler/host_manager.py: PoolState). Every request refreshes it
// from the reported capabilities before filtering (_update_host_state_map). A thin-provisioned pool that reports no
// provisioned_capacity_gb has it reset to None and estimated from the database, a read during which another request
// may run; since LP 1871768 (c5206fe3e) the update holds an in-process lock, so no request sees the None.
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.Services.History;

namespace SimManila.Services.Scheduling;

public sealed class HostStates(Deployment d)
{
    public const string UpdateLock = "update_from_share_capability";

    // provisioned_capacity_gb per thin-provisioned host; null while an update recomputes it.
    readonly Dictionary<string, int?> provisionedGb = new(StringComparer.Ordinal);

    /// <summary>update_from_share_capability for every backend, one after another.</summary>
    public async Task Refresh()
    {
        foreach (var backend in d.Topology.Backends)
        {
            if (!backend.Capabilities.ThinProvisioning) continue;
            if (d.Lacks(Fixes.HostStateUpdateLocked)) await Update(backend.Host);
            else
                await using (await d.Locks.AcquireAsync(Deployment.SchedulerHost, UpdateLock, fileLock: true))
                    await Update(backend.Host);
        }
    }

    async Task Update(string host)
    {
        provisionedGb[host] = null; // capability.get('provisioned_capacity_gb')
        var placed = await d.Db.Where<ShareInstance>("host:" + host, i => i.Host == host);
        provisionedGb[host] = placed.Sum(i => i.Size);
    }

    /// <summary>The capacity filter's thin check: what is provisioned on <paramref name="host"/> plus the request fits
    /// max_over_subscription_ratio (1.0 here) times the total. Raises as Manila's filter does on a None.</summary>
    public bool ThinFits(string host, int totalGb, int requestGb)
    {
        if (!provisionedGb.TryGetValue(host, out var provisioned)) return true; // never refreshed: not thin
        if (provisioned is null)
            throw new InvalidOperationException($"unsupported operand type(s) for +: 'NoneType' and 'int' (provisioned_capacity_gb of {host} is None)");
        return provisioned.Value + requestGb <= totalGb;
    }
}
