// manila-scheduler: filters backends by the share type's capabilities and free capacity, weighs by free capacity,
// writes the chosen host and casts to its share manager (scheduler/manager.py: create_share_instance).
using Microsoft.Extensions.Logging;
using SimManila.Model;
using SimManila.Services.Api;

namespace SimManila.Services.Scheduling;

public sealed class SchedulerService(Deployment d, ILogger log)
{
    public async Task CreateShareInstance(string instanceId, CreateShareRequest request)
    {
        var instance = await d.Db.Get<ShareInstance>(instanceId);
        if (instance is null) return; // deleted before it was scheduled
        var placed = await d.Db.Where<ShareInstance>("placement", i => i.Host != null);
        var host = Choose(request, instance.Size, placed);
        if (host is null)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("no valid host for {Instance}", instanceId);
            await d.Transitions.Take(d.Machines.ShareInstance, instance, "scheduler.create.no_valid_host");
            return;
        }
        if (log.IsEnabled(LogLevel.Information)) log.LogInformation("{Instance} placed on {Host}", instanceId, host);
        await d.Db.Update<ShareInstance>(instanceId, i => i.Host = host);
        await d.Rpc.CastAsync(host, "create_share_instance", () => d.Manager(host).CreateShareInstance(instanceId));
    }

    /// <summary>The filter and weigher: capable hosts with room, most free space first, then by name.</summary>
    string? Choose(CreateShareRequest request, int sizeGb, IReadOnlyList<ShareInstance> placed)
    {
        string? best = null;
        int bestFree = -1;
        foreach (var backend in d.Topology.Backends)
        {
            var caps = backend.Capabilities;
            if (!caps.Protocols.Contains(request.Protocol.ToUpperInvariant())) continue;
            if (request.SnapshotSupport && !caps.SnapshotSupport) continue;
            if (request.RevertToSnapshotSupport && !caps.RevertToSnapshotSupport) continue;
            if (request.CreateShareFromSnapshotSupport && request.SnapshotSupport && !caps.CreateShareFromSnapshotSupport) continue;
            int used = placed.Where(i => i.Host == backend.Host).Sum(i => i.Size);
            int free = caps.TotalCapacityGb - used;
            if (free < sizeGb) continue;
            if (free > bestFree || (free == bestFree && string.CompareOrdinal(backend.Host, best) < 0))
            {
                best = backend.Host;
                bestFree = free;
            }
        }
        return best;
    }
}
