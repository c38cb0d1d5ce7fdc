// Share replica `replica_state` (fact sheet §1.3): create, periodic poll, promote, delete failure, admin reset.
using SimManila.Model;
using static SimManila.Model.ReplicaState;

namespace SimManila.StateMachines;

public static class ReplicaStateLifecycle
{
    public const string Resource = "replica_state";

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Share replica replica_state", variant,
            "The `replica_state` of a share instance of a replicated share (NULL otherwise). A new replica starts "
            + "`out_of_sync`; the first instance of a replicated share is born `active`. Exclusivity (at most one "
            + "`active` replica) is an invariant across rows, which a single-row machine cannot express: f7783776b "
            + "writes the promoted replica last, so there are transiently zero actives, never two.");

        m.Stable(Active).Stable(InSync).Stable(OutOfSync, "a normal state for asynchronous replication");
        m.Error(Error);
        m.Initial(OutOfSync, Active);

        m.On("mgr.replica_create.in_sync", OutOfSync, InSync, "driver reports in_sync");
        m.On("mgr.replica_create.error", OutOfSync, Error, "no active replica or driver failure");
        // periodic_share_replica_update / _share_replica_update: non-active, non-transitional, not error_deleting.
        m.On("periodic.replica_update.in_sync", [OutOfSync, Error], InSync, "driver result");
        m.On("periodic.replica_update.out_of_sync", [InSync, Error], OutOfSync, "driver result");
        m.On("periodic.replica_update.error", [InSync, OutOfSync], Error, "driver result error, driver raised, or no active replica");
        m.On("mgr.promote.ok", [InSync, OutOfSync, Error], Active, "promoted, written last; out_of_sync/error need admin");
        m.On("mgr.promote.demote", Active, OutOfSync, "old active replica (or the driver's value)");
        m.On("mgr.promote.demote_in_sync", Active, InSync, "old active replica, driver says in_sync");
        m.On("mgr.replica_delete.error", [Active, InSync, OutOfSync], Error, "driver failed deleting; status error_deleting");
        // reset_replica_state: forbidden on active replicas (b7a1b5b2c).
        m.On(Triggers.ResetStatus("in_sync"), [OutOfSync, Error], InSync, "admin reset-replica-state; replica not active");
        m.On(Triggers.ResetStatus("out_of_sync"), [InSync, Error], OutOfSync, "admin reset-replica-state; replica not active");
        m.On(Triggers.ResetStatus("error"), [InSync, OutOfSync], Error, "admin reset-replica-state; replica not active");
        // Guarded keeps "at most one active" structural: only a promotion makes a replica active.
        m.Legacy.On(Triggers.ResetStatus("active"), [InSync, OutOfSync, Error], Active, "admin reset-replica-state; replica not active");

        m.Permit([InSync, OutOfSync, Error], ApiAction.PromoteReplica, ApiAction.ResyncReplica, ApiAction.ResetStatus, ApiAction.DeleteReplica);
        m.Permit(Active, ApiAction.Snapshot, ApiAction.Revert, ApiAction.CreateReplica);
        return m.Build();
    }
}
