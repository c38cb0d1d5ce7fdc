// The row a backend call names, found by its id's prefix ("instance-3", "snapinstance-2", "server-1", "group-1"): its
// lifecycle, status, owning host and whether it is deleted, as the database says now.
using SimManila.Model;
using SimManila.StateMachines;

namespace SimManila.Scenarios.Invariants;

public sealed record BackendResource(StateMachine Machine, string Status, string? Host, bool Deleted)
{
    public StateKind Kind => Machine.IsState(Status) ? Machine.KindOf(Status) : StateKind.Stable;
}

public static class BackendResources
{
    public static BackendResource? Find(InvariantContext context, string id)
    {
        var store = context.Store;
        var machines = context.Deployment.Machines;
        if (id.StartsWith("snapinstance-", StringComparison.Ordinal))
        {
            var snapshot = store.FindIncludingDeleted<SnapshotInstance>(id);
            if (snapshot is null) return null;
            var share = store.FindIncludingDeleted<ShareInstance>(snapshot.ShareInstanceId);
            return new BackendResource(machines.SnapshotInstance.Machine, snapshot.Status.Value, share?.Host, snapshot.Deleted);
        }
        if (id.StartsWith("instance-", StringComparison.Ordinal))
            return store.FindIncludingDeleted<ShareInstance>(id) is { } i
                ? new BackendResource(machines.ShareInstance.Machine, i.Status.Value, i.Host, i.Deleted) : null;
        if (id.StartsWith("server-", StringComparison.Ordinal))
            return store.FindIncludingDeleted<ShareServer>(id) is { } s
                ? new BackendResource(machines.ShareServer.Machine, s.Status.Value, s.Host, s.Deleted) : null;
        if (id.StartsWith("group-", StringComparison.Ordinal))
            return store.FindIncludingDeleted<ShareGroup>(id) is { } g
                ? new BackendResource(machines.ShareGroup.Machine, g.Status.Value, g.Host, g.Deleted) : null;
        return null;
    }

    /// <summary>Statuses a row holds while it is being deleted, or after its delete failed and awaits a retry.</summary>
    public static bool IsBeingDeleted(string status) =>
        status is "deleting" or "error_deleting" or "deferred_deleting" or "error_deferred_deleting";
}
