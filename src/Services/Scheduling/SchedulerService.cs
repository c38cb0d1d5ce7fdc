// manila-scheduler: filters backends by the share type's capabilities and free capacity, weighs by free capacity,
// writes the chosen host and casts to its share manager (scheduler/manager.py: create_share_instance).
using Microsoft.Extensions.Logging;
using SimManila.Model;
using SimManila.Services.Api;

namespace SimManila.Services.Scheduling;

public sealed class SchedulerService(Deployment d, ILogger log)
{
    /// <summary>The host states this scheduler process keeps in memory; a restart starts from nothing.</summary>
    readonly HostStates hostStates = new(d);

    public async Task CreateShareInstance(string instanceId, CreateShareRequest request)
    {
        var instance = await d.Db.Get<ShareInstance>(instanceId);
        if (instance is null) return; // deleted before it was scheduled
        var placed = await d.Db.Where<ShareInstance>("placement", i => i.Host != null);
        string? groupHost = null;
        if (request.ShareGroupId is not null) groupHost = (await d.Db.Get<ShareGroup>(request.ShareGroupId))?.Host;
        await hostStates.Refresh(); // _update_host_state_map, then the filters with no I/O in between
        var host = Choose(request, instance.Size, placed, groupHost);
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

    /// <summary>A new replica goes to a backend of the share's replication type, anywhere it fits.</summary>
    public async Task CreateShareReplica(string replicaId, CreateShareRequest request)
    {
        var replica = await d.Db.Get<ShareInstance>(replicaId);
        if (replica is null) return;
        var placed = await d.Db.Where<ShareInstance>("placement", i => i.Host != null);
        await hostStates.Refresh();
        var host = Choose(request, replica.Size, placed);
        if (host is null)
        {
            await d.Transitions.Take(d.Machines.ShareInstance, replica, "mgr.replica_create.error", i => i.ReplicaState = ReplicaState.Error);
            await Manager.ShareRows.FinishDeniesOnFailedReplica(d, Deployment.SchedulerHost, replicaId);
            return;
        }
        await d.Db.Update<ShareInstance>(replicaId, i => i.Host = host);
        await d.Rpc.CastAsync(host, "create_share_replica", () => d.Manager(host).CreateShareReplica(replicaId));
    }

    /// <summary>A group lives on one backend; its shares follow it there.</summary>
    public async Task CreateShareGroup(string groupId, bool driverHandlesShareServers)
    {
        var group = await d.Db.Get<ShareGroup>(groupId);
        if (group is null) return;
        var host = d.Topology.Backends.FirstOrDefault(b => b.Capabilities.DriverHandlesShareServers == driverHandlesShareServers)?.Host;
        if (host is null)
        {
            await d.Transitions.Take(d.Machines.ShareGroup, group, "mgr.create.error");
            return;
        }
        await d.Db.Update<ShareGroup>(groupId, g => g.Host = host);
        await d.Rpc.CastAsync(host, "create_share_group", () => d.Manager(host).CreateShareGroup(groupId));
    }

    /// <summary>The filter and weigher: capable hosts with room, most free space first, then by name.</summary>
    string? Choose(CreateShareRequest request, int sizeGb, IReadOnlyList<ShareInstance> placed, string? requiredHost = null)
    {
        string? best = null;
        int bestFree = -1;
        foreach (var backend in d.Topology.Backends)
        {
            var caps = backend.Capabilities;
            if (requiredHost is not null && backend.Host != requiredHost) continue;
            // driver_handles_share_servers is a required extra spec: a share network asks for a DHSS backend.
            if (caps.DriverHandlesShareServers != (request.ShareNetworkId is not null)) continue;
            if (request.ReplicationType is not null && caps.ReplicationType != request.ReplicationType) continue;
            if (!caps.Protocols.Contains(request.Protocol.ToUpperInvariant())) continue;
            if (request.SnapshotSupport && !caps.SnapshotSupport) continue;
            if (request.RevertToSnapshotSupport && !caps.RevertToSnapshotSupport) continue;
            if (request.CreateShareFromSnapshotSupport && request.SnapshotSupport && !caps.CreateShareFromSnapshotSupport) continue;
            int used = placed.Where(i => i.Host == backend.Host).Sum(i => i.Size);
            int free = caps.TotalCapacityGb - used;
            if (free < sizeGb) continue;
            if (caps.ThinProvisioning && !hostStates.ThinFits(backend.Host, caps.TotalCapacityGb, sizeGb)) continue;
            if (free > bestFree || (free == bestFree && string.CompareOrdinal(backend.Host, best) < 0))
            {
                best = backend.Host;
                bestFree = free;
            }
        }
        return best;
    }
}
