// Access-rule mapping `state` (share_instance_access_map, fact sheet §3): queued, in flight, applied, denied.
using SimManila.Model;
using static SimManila.Model.AccessMappingState;

namespace SimManila.StateMachines;

public static class AccessMappingLifecycle
{
    public const string Resource = "access_mapping";

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Access rule mapping state", variant,
            "The per-instance `state` of an access rule. The rule's user-visible state is the worst of its mappings: "
            + "error > denying > queued_to_deny > queued_to_update > queued_to_apply > updating > applying > active. "
            + "Manager writes happen under `locked_access_rules_operation_by_share_instance_<id>`, a host-local lock. "
            + "Legacy: deny forces `queued_to_deny` from any state, so an API deny can land between the manager's read of "
            + "`applying` and its write of `active` and be overwritten (the lost-deny window). Guarded: every write is a "
            + "conditional update from the states listed.");

        m.Stable(Active).Final(Deleted, "mapping soft-deleted; the rule goes with its last mapping");
        m.Transitional(QueuedToApply).Transitional(QueuedToUpdate).Transitional(QueuedToDeny)
            .Transitional(Applying).Transitional(Updating).Transitional(Denying);
        m.Error(Error, "errored rules are never re-sent except when denied");
        m.Initial(QueuedToApply);

        // Manager update_access_rules: single syncer, then the driver call.
        m.On("mgr.sync.begin", QueuedToApply, Applying, "no mapping of the instance in flight (single-syncer rule)");
        m.On("mgr.sync.begin", QueuedToUpdate, Updating, "no mapping of the instance in flight (single-syncer rule)");
        m.On("mgr.sync.begin", QueuedToDeny, Denying, "no mapping of the instance in flight (single-syncer rule)");
        m.On("mgr.sync.ok", [Applying, Updating], Active, "driver accepted");
        m.On("mgr.sync.ok", Denying, Deleted, "driver removed it (or read-only cast: just removed from the DB)");
        m.On("mgr.sync.error", [Applying, Updating, Denying], Error, "driver raised");
        m.On("mgr.driver_rule_update.error", [Applying, Updating, Active], Error, "driver's per-rule result; only while still applying/updating/active");
        m.On("mgr.reset_to_queueing.apply", [Applying, Active], QueuedToApply, "reset_rules_to_queueing_states at ensure");
        m.On("mgr.reset_to_queueing.deny", Denying, QueuedToDeny, "reset_rules_to_queueing_states at ensure");

        // API deny / update / delete-all.
        m.Legacy.OnAny("api.deny", QueuedToDeny, "forced, whatever the current state");
        m.Guarded.On("api.deny", [Active, QueuedToApply, QueuedToUpdate, Error], QueuedToDeny,
            "conditional: not in flight (a rule being applied is denied once it is active: the running sync owns it)");
        m.Legacy.On("api.update_level", [Active, Error], QueuedToUpdate, "2.88 level change; forced");
        m.Guarded.On("api.update_level", Active, QueuedToUpdate, "2.88 level change; conditional on active");
        m.Guarded.On("mgr.replica_create.error", QueuedToDeny, Deleted, "the replica failed before any rule reached it: the deny is done");
        m.Guarded.On("mgr.promote.recast_levels", Active, QueuedToUpdate,
            "readable promotion flipped the instance's levels: the single syncer re-sends them, never beside another sync");
        m.OnAny("mgr.delete_all_rules", QueuedToDeny, "instance being deleted: every mapping queued for deny");

        m.Permit([Active, QueuedToApply, Applying, QueuedToUpdate, Updating, Error], ApiAction.DenyAccess);
        m.Legacy.Permit([QueuedToDeny, Denying], ApiAction.DenyAccess);
        m.Permit(Active, ApiAction.UpdateAccess);
        m.Legacy.Permit(Error, ApiAction.UpdateAccess);
        return m.Build();
    }
}
