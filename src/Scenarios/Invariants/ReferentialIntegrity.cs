// Referential: no live child of a deleted parent (instances of a deleted share, snapshots or access mappings of a
// deleted share instance, snapshots of a deleted share).
using SimManila.Model;

namespace SimManila.Scenarios.Invariants;

public sealed class ReferentialIntegrity : Invariant
{
    public override string Name => "referential-integrity";
    public override string Meaning => "no live snapshot, instance, group or access mapping belongs to a deleted parent or a server being torn down";
    public override string Inspects => "database rows: shares, instances, snapshots, snapshot instances, access mappings, share servers, groups";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;

    public override string? Check(InvariantContext context)
    {
        var store = context.Store;
        var liveShares = store.All<Share>().Select(s => s.Id).ToHashSet();
        var liveInstances = store.All<ShareInstance>().Select(i => i.Id).ToHashSet();
        foreach (var instance in store.All<ShareInstance>())
            if (!liveShares.Contains(instance.ShareId))
                return $"share instance {instance.Id} ({instance.Status}) is live but its share {instance.ShareId} is deleted";
        foreach (var snapshot in store.All<Snapshot>())
            if (!liveShares.Contains(snapshot.ShareId))
                return $"snapshot {snapshot.Id} is live but its share {snapshot.ShareId} is deleted";
        foreach (var snapshotInstance in store.All<SnapshotInstance>())
            if (!liveInstances.Contains(snapshotInstance.ShareInstanceId))
                return $"snapshot instance {snapshotInstance.Id} ({snapshotInstance.Status}) is live but share instance {snapshotInstance.ShareInstanceId} is deleted";
        var servers = store.All<ShareServer>().ToDictionary(s => s.Id);
        foreach (var instance in store.All<ShareInstance>())
            if (instance.ShareServerId is { } serverId && (!servers.TryGetValue(serverId, out var server) || server.Status == ShareServerStatus.Deleting))
                return $"share instance {instance.Id} ({instance.Status}) lives on share server {serverId}, which is {(server is null ? "deleted" : "deleting")}";
        foreach (var group in store.All<ShareGroup>())
            if (group.ShareServerId is { } serverId && !servers.ContainsKey(serverId))
                return $"share group {group.Id} ({group.Status}) uses share server {serverId}, which is deleted";
        foreach (var mapping in store.All<AccessRuleMapping>())
            if (!liveInstances.Contains(mapping.ShareInstanceId))
                return $"access mapping {mapping.Id} of rule {mapping.AccessId} ({mapping.Status}) is live but share instance {mapping.ShareInstanceId} is deleted";
        return null;
    }
}
