// Share network `status` (fact sheet §1.5): `network_change` while servers are updated; subnets have no status.
using SimManila.Model;
using static SimManila.Model.ShareNetworkStatus;

namespace SimManila.StateMachines;

public static class ShareNetworkLifecycle
{
    public const string Resource = "share_network";

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Share network status", variant,
            "The `status` of a share network. Most mutating APIs (create share, replica, access allow/deny, snapshot "
            + "mount access, server manage/migrate) reject a network that is not `active`. `deleted` marks the soft-deleted "
            + "row (Manila writes no status for it).");

        m.Stable(Active).Final(Deleted, "row soft-deleted");
        m.Transitional(NetworkChange, "returns to active only when no server is still network_change");
        m.Error(Error);
        m.Initial(Active);

        const string updateGuard = "every server active, every share available, every access rule and instance access_rules_status active";
        m.On("api.security_service_update", Active, NetworkChange, updateGuard);
        m.On("api.subnet_add_with_servers", Active, NetworkChange, "new subnet in an AZ that has servers; " + updateGuard);
        m.On("mgr.network_update.finished", NetworkChange, Active, "under locked-share-network-operation: no server still network_change");
        m.Legacy.On("mgr.network_update.error", NetworkChange, Error, "a server failed the update (written at once, outside the lock)");
        m.Guarded.On("mgr.network_update.error", NetworkChange, Error,
            "under locked-share-network-operation: no server still network_change, one failed");
        m.Guarded.On("api.network_update.abort", NetworkChange, Active,
            "no server could be moved to network_change (left active meanwhile): nothing to update");
        m.Legacy.OnAny("api.delete", Deleted, "no instances or groups; servers auto-deletable; no status check");
        m.Guarded.On("api.delete", [Active, Error], Deleted, "no instances or groups; servers auto-deletable; not mid-update");
        m.ResetStatus("admin reset-status (2.63)", Active, Error, NetworkChange);

        m.PermitEverywhere(ApiAction.ResetStatus);
        m.Permit(Active, ApiAction.Delete, ApiAction.Update, ApiAction.CreateShare, ApiAction.CreateReplica,
            ApiAction.PromoteReplica, ApiAction.AllowAccess, ApiAction.DenyAccess, ApiAction.Manage, ApiAction.Migrate);
        m.Permit(Error, ApiAction.Delete);
        m.Legacy.Permit(NetworkChange, ApiAction.Delete);
        return m.Build();
    }
}
