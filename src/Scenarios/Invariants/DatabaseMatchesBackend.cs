// Database versus backend at quiet: every live, created share or snapshot exists on its backend, and nothing exists on
// a backend without a live row (an orphan an administrator has to find and remove by hand).
using SimManila.Model;

namespace SimManila.Scenarios.Invariants;

public sealed class DatabaseMatchesBackend : Invariant
{
    public override string Name => "database-matches-backend";
    public override string Meaning => "live created shares, snapshots and servers exist on their backend, and backends hold nothing without a live row";
    public override string Inspects => "share and snapshot instance rows against every fake backend's shares and snapshots";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;

    public override string? Check(InvariantContext context)
    {
        var d = context.Deployment;
        var store = context.Store;
        var instances = store.All<ShareInstance>();
        foreach (var instance in instances)
        {
            if (instance.Host is null || instance.Status != ShareInstanceStatus.Available) continue;
            if (!d.Backends.TryGetValue(instance.Host, out var backend) || !backend.Shares.ContainsKey(instance.Id))
                return $"share instance {instance.Id} is available on {instance.Host} in the database but missing on the backend";
        }
        var liveInstanceIds = instances.Select(i => i.Id).ToHashSet();
        var snapshotInstances = store.All<SnapshotInstance>();
        var liveSnapshotIds = snapshotInstances.Select(s => s.Id).ToHashSet();
        var liveServers = store.All<ShareServer>().ToDictionary(s => s.Id);
        foreach (var server in liveServers.Values)
            if (server.Status == ShareServerStatus.Active && (!d.Backends.TryGetValue(server.Host, out var onHost) || !onHost.Servers.ContainsKey(server.Id)))
                return $"share server {server.Id} is active on {server.Host} in the database but missing on the backend";
        foreach (var (host, backend) in d.Backends)
        {
            foreach (var id in backend.Shares.Keys)
                if (!liveInstanceIds.Contains(id) && !d.ForceDeleteLeftovers.Contains(id)) return $"{host} holds share {id} but no live share instance row has it (orphan on the backend)";
            foreach (var id in backend.Snapshots.Keys)
                if (!liveSnapshotIds.Contains(id) && !d.ForceDeleteLeftovers.Contains(id)) return $"{host} holds snapshot {id} but no live snapshot instance row has it (orphan on the backend)";
            foreach (var id in backend.Servers.Keys)
                if (!liveServers.ContainsKey(id)) return $"{host} still runs share server {id} but its row is deleted (leaked server)";
        }
        foreach (var snapshot in snapshotInstances)
        {
            if (snapshot.Status != SnapshotInstanceStatus.Available) continue;
            var host = instances.FirstOrDefault(i => i.Id == snapshot.ShareInstanceId)?.Host;
            if (host is null || !d.Backends[host].Snapshots.ContainsKey(snapshot.Id))
                return $"snapshot instance {snapshot.Id} is available in the database but missing on the backend";
        }
        return null;
    }
}
