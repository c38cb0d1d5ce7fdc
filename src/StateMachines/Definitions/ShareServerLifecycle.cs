// Share server `status` (fact sheet §1.4); Guarded shows the setup phases Manila folds into `creating`.
using SimManila.Model;
using static SimManila.Model.ShareServerStatus;

namespace SimManila.StateMachines;

public static class ShareServerLifecycle
{
    public const string Resource = "share_server";

    /// <summary>ShareServerController.valid_statuses (manila/api/v2/share_servers.py).</summary>
    private static readonly ShareServerStatus[] ResetTargets =
        [Active, Error, Deleting, Creating, ManageStarting, UnmanageStarting, UnmanageError, ManageError];

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Share server status", variant,
            "The `status` of a share server. Guarded only: `allocating_network` (network allocation) and `setting_up` "
            + "(driver setup_server) make the setup phases visible, so a delete or reuse decision can see how far setup got; "
            + "Manila keeps the server `creating` throughout. Reuse candidates are servers in `creating` or `active` on the "
            + "same host and subnet.");

        m.Stable(Active).Stable(Inactive, "default; migration source after success; cancelled destination")
            .Final(Deleted, "row soft-deleted");
        m.Transitional(Creating);
        m.Guarded.Transitional(AllocatingNetwork, "Guarded only: allocate_network in progress")
            .Transitional(SettingUp, "Guarded only: driver setup_server in progress");
        m.Transitional(Deleting).Transitional(ManageStarting).Transitional(UnmanageStarting)
            .Transitional(ServerMigrating).Transitional(ServerMigratingTo)
            .Transitional(NetworkChange, "security-service or allocation update");
        m.Error(Error).Error(ManageError).Error(UnmanageError);
        m.Initial(Creating, ManageStarting, ServerMigratingTo);

        // Setup (mgr.py: _setup_server, _handle_setup_server_error).
        m.Legacy.On("mgr.setup.ok", Creating, Active, "allocate_network and setup_server succeeded");
        m.Legacy.On("mgr.setup.error", Creating, Error);
        m.Guarded.On("mgr.setup.allocate", Creating, AllocatingNetwork)
            .On("mgr.setup.allocated", AllocatingNetwork, SettingUp)
            .On("mgr.setup.ok", SettingUp, Active, "setup_server succeeded")
            .On("mgr.setup.error", [Creating, AllocatingNetwork, SettingUp], Error);

        // Delete (ctl/share_servers: delete; api.py: delete_share_server writes no status; mgr.py: delete_share_server).
        m.On("mgr.delete.begin", [Active, Error], Deleting,
            "API: active or error, no dependent instances or groups; manager re-checks dependents under share_manager_<subnet>");
        m.On("periodic.cleanup.begin", [Inactive, Active, Error, Creating], Deleting,
            "delete_free_share_servers: auto-deletable, no instances or groups, idle longer than the cleanup interval");
        m.On("mgr.delete.ok", Deleting, Deleted);
        m.On("mgr.delete.error", Deleting, Error);

        // Manage and unmanage.
        m.On("mgr.manage.ok", ManageStarting, Active);
        m.On("mgr.manage.error", ManageStarting, ManageError);
        m.On("api.unmanage", [Error, Active, ManageError, UnmanageError], UnmanageStarting, "no dependent instances or groups");
        m.On("mgr.unmanage.ok", UnmanageStarting, Deleted);
        m.On("mgr.unmanage.error", UnmanageStarting, UnmanageError);

        // Server migration.
        m.On("api.server_migration_start", Active, ServerMigrating, "network active; instances available");
        m.On("mgr.server_migration.ok", ServerMigrating, Inactive, "source");
        m.On("mgr.server_migration.ok", ServerMigratingTo, Active, "destination");
        m.On("mgr.server_migration.cancel", ServerMigrating, Active);
        m.On("mgr.server_migration.cancel", ServerMigratingTo, Inactive, "cancelled destination");
        m.On("mgr.server_migration.error", ServerMigrating, Active, "task_state=migration_error");
        m.On("mgr.server_migration.error", ServerMigratingTo, Error);

        // Security-service / network allocation update.
        m.On("api.network_update", Active, NetworkChange, "every server active, every share available, all access rules active");
        m.On("mgr.network_update.ok", NetworkChange, Active);
        m.On("mgr.network_update.error", NetworkChange, Error);

        m.ResetStatus("admin reset-status", ResetTargets);

        m.PermitEverywhere(ApiAction.ResetStatus);
        m.Permit(Active, ApiAction.Delete, ApiAction.Unmanage, ApiAction.Migrate, ApiAction.Update, ApiAction.CreateShare);
        m.Permit(Error, ApiAction.Delete, ApiAction.Unmanage);
        m.Permit([ManageError, UnmanageError], ApiAction.Unmanage);
        m.Permit(Creating, ApiAction.CreateShare);
        m.Permit([ServerMigrating, ServerMigratingTo], ApiAction.MigrationComplete, ApiAction.MigrationCancel);
        return m.Build();
    }
}
