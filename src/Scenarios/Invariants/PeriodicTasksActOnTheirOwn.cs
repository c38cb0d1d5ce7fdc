// Periodic tasks act only on resources at rest or in a transitional status the task itself owns (the replica polls'
// replica_updating mark and replica snapshots being created or deleted, the status poll's creating_from_snapshot,
// the cleanup's abandoned creating/deleting servers): a tick that calls the driver for, or writes over, a row another
// operation is moving (a replica being promoted or deleted, a share being created) is a race.
using SimManila.Services;

namespace SimManila.Scenarios.Invariants;

public sealed class PeriodicTasksActOnTheirOwn : Invariant
{
    /// <summary>Per task, the (lifecycle, transitional status) pairs it owns.</summary>
    static readonly Dictionary<string, HashSet<(string Resource, string Status)>> Owned = new(StringComparer.Ordinal)
    {
        [PeriodicTaskNames.ReplicaUpdate] = [("share_instance", "replica_updating")],
        [PeriodicTaskNames.ReplicaSnapshotUpdate] = [("share_instance", "replica_updating"), ("snapshot_instance", "creating"), ("snapshot_instance", "deleting"), ("snapshot_instance", "deferred_deleting")],
        [PeriodicTaskNames.ShareStatusUpdate] = [("share_instance", "creating_from_snapshot")],
        [PeriodicTaskNames.DeleteFreeShareServers] = [("share_server", "creating"), ("share_server", "deleting")],
        [PeriodicTaskNames.DeferredShareDeletion] = [],
        [PeriodicTaskNames.DeferredSnapshotDeletion] = [],
    };

    public override string Name => "periodic-tasks-act-on-their-own";
    public override string Meaning => "a periodic task never calls the driver for, or writes over, a resource in a transitional status it does not own";
    public override string Inspects => "backend calls and status writes made by periodic ticks against the status of the row they touch";
    public override InvariantTiming Timing => InvariantTiming.EveryStep;

    public override string? Check(InvariantContext context)
    {
        foreach (var (host, calls, index) in context.NewBackendCalls(Name))
        {
            var call = calls[index];
            if (PeriodicTaskNames.TaskOf(call.Operation) is not { } task) continue;
            if (BackendResources.Find(context, call.ResourceId) is { Deleted: false } resource && Trespasses(task, resource.Machine.Resource, resource.Status, resource.Kind))
                return $"{call.Operation} called {call.Method}({call.ResourceId}) on {host} at {call.At} while its row is {resource.Status}, which {task} does not own";
        }
        foreach (var write in context.NewPeriodicWrites(Name))
        {
            var task = PeriodicTaskNames.TaskOf(write.Operation)!;
            // A write to the status column itself starts from its old value; another column's write leaves the status as it is.
            var main = BackendResources.Find(context, write.Id);
            var (resource, status) = main is not null && write.Machine.Resource != main.Machine.Resource
                ? (main.Machine.Resource, main.Status) : (write.Machine.Resource, write.From);
            var kind = main is not null && write.Machine.Resource != main.Machine.Resource ? main.Kind
                : write.Machine.IsState(status) ? write.Machine.KindOf(status) : StateMachines.StateKind.Stable;
            if (Trespasses(task, resource, status, kind))
                return $"{write.Operation} wrote {write.Machine.Resource} {write.Id} {write.From} -> {write.To} ({write.Trigger}) while it was {status}, which {task} does not own";
        }
        return null;
    }

    static bool Trespasses(string task, string resource, string status, StateMachines.StateKind kind) =>
        kind == StateMachines.StateKind.Transitional && !Owned[task].Contains((resource, status));
}
