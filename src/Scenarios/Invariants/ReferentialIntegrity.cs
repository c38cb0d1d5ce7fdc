// Referential: no live child of a deleted parent (instances of a deleted share, snapshots or access mappings of a
// deleted share instance, snapshots of a deleted share).
using SimManila.Model;

namespace SimManila.Scenarios.Invariants;

public sealed class ReferentialIntegrity : Invariant
{
    public override string Name => "referential-integrity";
    public override string Meaning => "no live snapshot, instance or access mapping belongs to a deleted parent";
    public override string Inspects => "database rows: shares, share instances, snapshots, snapshot instances, access mappings";
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
        foreach (var mapping in store.All<AccessRuleMapping>())
            if (!liveInstances.Contains(mapping.ShareInstanceId))
                return $"access mapping {mapping.Id} of rule {mapping.AccessId} ({mapping.Status}) is live but share instance {mapping.ShareInstanceId} is deleted";
        return null;
    }
}
