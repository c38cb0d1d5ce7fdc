// Nothing stuck: once quiet (and after periodic tasks had their time) no row is in a transitional status, no access
// rule is queued or in flight, no instance is still syncing, and no lock is held.
using SimManila.Model;
using SimManila.StateMachines;

namespace SimManila.Scenarios.Invariants;

public sealed class NothingStuckAtQuiet : Invariant
{
    public override string Name => "nothing-stuck-at-quiet";
    public override string Meaning => "no transitional status (instances, snapshots, servers, groups), queued access rule, syncing instance or held lock once quiet";
    public override string Inspects => "share and snapshot instance statuses, access mappings, access_rules_status, the lock table";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;
    public override bool IsLiveness => true;

    public override string? Check(InvariantContext context)
    {
        var d = context.Deployment;
        var store = context.Store;
        foreach (var instance in store.All<ShareInstance>())
        {
            if (d.Machines.ShareInstance.KindOf(instance.Status) == StateKind.Transitional)
                return $"share instance {instance.Id} is stuck in {instance.Status}";
            if (instance.AccessRulesStatus == AccessRulesStatus.Syncing)
                return $"share instance {instance.Id} is stuck with access rules syncing";
        }
        foreach (var snapshot in store.All<SnapshotInstance>())
            if (d.Machines.SnapshotInstance.KindOf(snapshot.Status) == StateKind.Transitional)
                return $"snapshot instance {snapshot.Id} is stuck in {snapshot.Status}";
        foreach (var mapping in store.All<AccessRuleMapping>())
            if (mapping.Status != AccessMappingState.Active && mapping.Status != AccessMappingState.Error
                && !OnFailedInstance(d, store, mapping))
                return $"access rule {mapping.AccessId} on {mapping.ShareInstanceId} is stuck in {mapping.Status}";
        foreach (var server in store.All<ShareServer>())
            if (d.Machines.ShareServer.IsState(server.Status) && d.Machines.ShareServer.KindOf(server.Status) == StateKind.Transitional)
                return $"share server {server.Id} is stuck in {server.Status}";
        foreach (var group in store.All<ShareGroup>())
            if (d.Machines.ShareGroup.IsState(group.Status) && d.Machines.ShareGroup.KindOf(group.Status) == StateKind.Transitional)
                return $"share group {group.Id} is stuck in {group.Status}";
        var held = d.Locks.Held().FirstOrDefault();
        return held is null ? null : $"lock {held} is still held";
    }

    /// <summary>A rule queued on an instance that failed (e.g. a replica whose creation the driver refused) waits with
    /// it: the instance's error is what the admin sees and acts on, not a race.</summary>
    static bool OnFailedInstance(SimManila.Services.Deployment d, ManilaStore store, AccessRuleMapping mapping) =>
        store.Find<ShareInstance>(mapping.ShareInstanceId) is { } instance
        && d.Machines.ShareInstance.KindOf(instance.Status) == StateKind.Error;
}
