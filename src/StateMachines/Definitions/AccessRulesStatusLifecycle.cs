// Share instance `access_rules_status` (fact sheet §3): active, syncing while rules are in flight, error.
using SimManila.Model;
using static SimManila.Model.AccessRulesStatus;

namespace SimManila.StateMachines;

public static class AccessRulesStatusLifecycle
{
    public const string Resource = "access_rules_status";

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Share instance access_rules_status", variant,
            "The `access_rules_status` of a share instance; the share-level value is the worst over `available` "
            + "instances (active < syncing < error). API versions before 2.28 show `syncing` as `out_of_sync`. The way "
            + "out of `error` is to deny the errored rules: the sync that follows sets the instance `active` once no rule "
            + "is in error.");

        m.Stable(Active).Transitional(Syncing).Error(Error);
        m.Initial(Active);

        m.On("api.allow", Active, Syncing, "conditional active -> syncing, then cast update_access");
        m.On("mgr.sync.begin", Active, Syncing, "_update_access_rules: conditional active -> syncing");
        m.On("mgr.sync.done", [Syncing, Error], Active, "no new queued rules and no rule in error");
        m.On("mgr.sync.rules_error", Syncing, Error, "some rule ended in error");
        m.On("mgr.sync.exception", [Active, Syncing], Error, "driver raised");
        m.On("mgr.reset_to_queueing", [Active, Error], Syncing, "reset_rules_to_queueing_states at ensure");
        m.Recovery("mgr.sync.done");

        m.Permit(Active, ApiAction.AllowAccess, ApiAction.DenyAccess, ApiAction.Revert, ApiAction.Migrate, ApiAction.Update);
        m.Permit(Syncing, ApiAction.AllowAccess, ApiAction.DenyAccess);
        m.Permit(Error, ApiAction.DenyAccess);
        m.Legacy.Permit(Error, ApiAction.AllowAccess);
        return m.Build();
    }
}
