// Snapshot instance `status` (fact sheet §1.2): create, delete (incl. deferred), manage, revert, promote, migration.
using SimManila.Model;
using static SimManila.Model.SnapshotInstanceStatus;

namespace SimManila.StateMachines;

public static class SnapshotInstanceLifecycle
{
    public const string Resource = "snapshot_instance";

    private static readonly SnapshotInstanceStatus[] ResetTargets =
        [Creating, Available, Deleting, Error, ErrorDeleting, Migrating, MigratingTo, ServerMigrating];

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Snapshot instance status", variant,
            "The `status` of one snapshot instance (one per share instance of the parent share). The snapshot's own "
            + "status is aggregated from these (snapshot.md).");
        Declare(m);
        return m.Build();
    }

    /// <summary>States, transitions and permits; the snapshot's machine (snapshot.md) declares the same under its own name.</summary>
    internal static void Declare(MachineBuilder m)
    {
        m.Stable(Available).Final(Deleted, "row soft-deleted");
        m.Transitional(Creating).Transitional(Deleting).Transitional(DeferredDeleting)
            .Transitional(ManageStarting).Transitional(UnmanageStarting)
            .Transitional(Restoring, "its share is reverting to it")
            .Transitional(Migrating).Transitional(MigratingTo).Transitional(ServerMigrating);
        m.Error(Error).Error(ErrorDeleting).Error(ErrorDeferredDeleting, "retried by do_deferred_snapshot_deletion")
            .Error(ManageError).Error(UnmanageError);
        m.Initial(Creating, ManageStarting, MigratingTo);

        // Create (api.py: create_snapshot; mgr.py: create_snapshot, periodic_share_replica_snapshot_update).
        m.On("mgr.create.ok", Creating, Available, "progress 100%");
        m.On("mgr.create.error", Creating, Error);
        m.On("periodic.replica_snapshot.ok", Creating, Available, "instance on a non-active replica polled");
        m.On("periodic.replica_snapshot.error", Creating, Error);
        m.On("periodic.replica_snapshot.deleted", [Deleting, DeferredDeleting], Deleted, "deferred or not, the poll finishes it");

        // Delete (api.py: delete_snapshot guards the aggregate status, then writes every instance).
        m.Legacy.On("api.delete", [Available, Error, Creating], Deleting,
            "aggregate_status available or error (instances on non-active replicas may still be creating)");
        m.Guarded.On("api.delete", [Available, Error], Deleting, "this instance available or error");
        m.Legacy.On("api.delete.deferred", [Available, Error, Creating], DeferredDeleting, "as api.delete; deferred deletion enabled");
        m.Guarded.On("api.delete.deferred", [Available, Error], DeferredDeleting, "as api.delete; deferred deletion enabled");
        m.Legacy.OnAny(Triggers.ForceDelete, Deleting, "admin force: no status check");
        m.Guarded.On(Triggers.ForceDelete, [Available, Error, ErrorDeleting, ErrorDeferredDeleting, ManageError, UnmanageError], Deleting,
            "admin force, from a status at rest or failed: a delete or other operation in flight finishes (or is reset) first");
        m.On("mgr.delete.ok", Deleting, Deleted, "row deleted, quota released");
        m.On("mgr.delete.error", Deleting, ErrorDeleting, "not forced");
        m.On("mgr.deferred_delete.ok", DeferredDeleting, Deleted);
        m.On("mgr.deferred_delete.error", DeferredDeleting, ErrorDeferredDeleting);
        m.On("periodic.deferred_delete.ok", ErrorDeferredDeleting, Deleted, "do_deferred_snapshot_deletion, this host only");
        m.On("periodic.deferred_delete.error", ErrorDeferredDeleting, ErrorDeferredDeleting);

        // Manage and unmanage (api.py: manage_snapshot; ctl/share_snapshots: _unmanage).
        m.On("mgr.manage.ok", ManageStarting, Available);
        m.On("mgr.manage.error", ManageStarting, ManageError);
        m.Legacy.On("api.unmanage", [Available, Error, ErrorDeleting, ErrorDeferredDeleting, ManageError, UnmanageError, DeferredDeleting],
            UnmanageStarting, "not in TRANSITIONAL_STATUSES; no replicas");
        m.Guarded.On("api.unmanage", [Available, Error, ManageError, UnmanageError], UnmanageStarting, "at rest or failed; no replicas");
        m.On("mgr.unmanage.ok", UnmanageStarting, Deleted);
        m.On("mgr.unmanage.error", UnmanageStarting, UnmanageError);

        // Revert: the snapshot restores into its share (api.py: _revert_to_snapshot; mgr.py: _revert_to_snapshot).
        m.On("api.revert", Available, Restoring, "latest snapshot; share available");
        m.On("mgr.revert.ok", Restoring, Available);
        m.On("mgr.revert.error", Restoring, Available, "share goes reverting_error, snapshot stays usable");
        m.Guarded.On(Triggers.Refused("api.revert", Available.Value), Restoring, Available, "the share's claim was refused: the snapshot is given back");

        // Promote side effect (mgr.py: promote_share_replica).
        m.On("mgr.promote.orphaned", [Creating, Deleting], Error, "instance on the newly promoted replica");

        // Migration of the parent share (driver-assisted with preserve_snapshots) and of its share server.
        m.On("mgr.migration.start", Available, Migrating);
        m.On("mgr.migration_complete.ok", Migrating, Deleted, "source instance removed");
        m.On("mgr.migration_complete.ok", MigratingTo, Available);
        m.On("mgr.migration.error", Migrating, Available);
        m.On("mgr.migration.error", MigratingTo, Deleted);
        m.On("api.server_migration_start", Available, ServerMigrating, "every instance available (checked in the update)");
        m.On("mgr.server_migration.ok", ServerMigrating, Available);
        m.On("mgr.server_migration.cancel", ServerMigrating, Available);
        m.On("mgr.server_migration.error", ServerMigrating, Error);

        m.ResetStatus("admin reset-status", ResetTargets);

        m.PermitEverywhere(ApiAction.ForceDelete, ApiAction.ResetStatus);
        m.Permit(Available, ApiAction.Delete, ApiAction.Revert, ApiAction.Unmanage, ApiAction.CreateShare,
            ApiAction.AllowAccess, ApiAction.DenyAccess, ApiAction.Transfer);
        m.Permit(Error, ApiAction.Delete, ApiAction.Unmanage);
        m.Permit([ManageError, UnmanageError], ApiAction.Unmanage);
        m.Legacy.Permit([ErrorDeleting, ErrorDeferredDeleting, DeferredDeleting], ApiAction.Unmanage);
    }
}
