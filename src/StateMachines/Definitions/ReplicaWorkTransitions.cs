// The replica workflow transitions of a share instance (fact sheet 1.3): declared once and used by both the
// share-instance machine and the replica-status page, which shows the same transitions for replica work only.
using SimManila.Model;
using static SimManila.Model.ShareInstanceStatus;

namespace SimManila.StateMachines;

public static class ReplicaWorkTransitions
{
    /// <summary>Failed statuses a non-active replica can be in and be polled from (Manila polls every replica that is
    /// neither transitional nor active): a Guarded poll marks it and gives it back its status when done.</summary>
    public static readonly ShareInstanceStatus[] PollReturnsTo = [ErrorDeleting, ExtendingError, ShrinkingError, RevertingError];

    /// <summary>The trigger that ends a Guarded poll begun from <paramref name="origin"/> (one of PollReturnsTo).</summary>
    public static string PollEndTrigger(ShareInstanceStatus origin) => "periodic.replica_update.end_" + origin.Value;

    /// <summary>Replica create, promote, delete and poll (api.py: create/delete/promote_share_replica; mgr.py: the
    /// same, periodic_share_replica_update).</summary>
    public static void Declare(MachineBuilder m)
    {
        m.On("mgr.replica_create.ok", Creating, Available, "replica_state from the driver");
        m.On("mgr.replica_create.error", Creating, Error, "no active replica or driver failure; replica_state=error");
        m.On("api.promote", Available, ReplicationChange, "replica available; out_of_sync/error need admin; network active");
        m.On("mgr.promote.ok", ReplicationChange, Available, "promoted replica written last as active");
        m.On("mgr.promote.no_active", ReplicationChange, Available, "no active replica: ReplicationException");
        m.On("mgr.promote.error", ReplicationChange, Error, "driver raised: every replica error");
        m.Legacy.OnAny("mgr.promote.error_sibling", Error, "driver raised: every other replica error, whatever its status");
        m.Guarded.On("mgr.promote.error_sibling", Available, Error, "driver raised: the share's other available replicas error");
        m.Legacy.OnAny("api.replica_delete", Deleting, "no status guard; not the last active replica");
        m.Guarded.On("api.replica_delete", [Available, Error, .. PollReturnsTo], Deleting, "at rest or failed; not the last active replica");
        m.Legacy.On("api.replica_delete.hostless", [Creating, Error], Deleted, "replica has no host: DB delete");
        m.Guarded.On("api.replica_delete.hostless", Error, Deleted, "replica has no host and failed: DB delete (one being scheduled finishes first)");
        m.On("mgr.replica_delete.ok", Deleting, Deleted, "row and its snapshot instances deleted");
        m.On("mgr.replica_delete.access_error", Deleting, Error, "access-rule removal failed");
        m.On("mgr.replica_delete.error", Deleting, ErrorDeleting, "driver failure, not forced; replica_state=error");
        m.Legacy.On("periodic.replica_update.error", Available, Error, "driver raised while polling; replica_state=error");
        // Guarded: the poll marks the replica for the length of its driver calls instead of holding the replica lock.
        m.Guarded.On("periodic.replica_update.begin", [Available, Error, .. PollReturnsTo], ReplicaUpdating,
            "not active; no sibling created, deleted or promoted; error_deleting for the snapshot poll only");
        m.Guarded.On("periodic.replica_update.end", ReplicaUpdating, Available, "poll done on a replica that was available");
        m.Guarded.On("periodic.replica_update.error", ReplicaUpdating, Error, "driver raised (replica_state=error), or the replica was error before");
        foreach (var origin in PollReturnsTo)
            m.Guarded.On(PollEndTrigger(origin), ReplicaUpdating, origin, "poll done on a replica that failed before (its status is kept)");
    }
}
