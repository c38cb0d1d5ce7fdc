// Share instance `status` (fact sheet §1.1, §1.3, §7): every write Manila makes, plus the Guarded `snapshotting` state.
using SimManila.Model;
using static SimManila.Model.ShareInstanceStatus;

namespace SimManila.StateMachines;

public static class ShareInstanceLifecycle
{
    public const string Resource = "share_instance";

    /// <summary>AdminActionsMixin.valid_statuses['status'] (manila/api/openstack/wsgi.py).</summary>
    internal static readonly ShareInstanceStatus[] ResetTargets =
        [Creating, Available, Deleting, Error, ErrorDeleting, Migrating, MigratingTo, ServerMigrating];

    /// <summary>Manila's non-transitional share statuses an unmanage may start from (Legacy: anything not in TRANSITIONAL_STATUSES).</summary>
    private static readonly ShareInstanceStatus[] LegacyUnmanageSources =
    [
        Available, Inactive, AwaitingTransfer, Error, ErrorDeleting, ErrorDeferredDeleting, UnmanageError,
        ExtendingError, ShrinkingError, RevertingError, BackupRestoringError, CreatingFromSnapshot, DeferredDeleting,
    ];

    private static readonly ShareInstanceStatus[] GuardedUnmanageSources =
        [Available, Error, UnmanageError, ExtendingError, ShrinkingError, RevertingError, BackupRestoringError];

    private static readonly ShareInstanceStatus[] Deletable = [Available, Error, Inactive];

    /// <summary>Guarded: force delete skips the guards, not the test-and-set, so it never overtakes a running operation.</summary>
    private static readonly ShareInstanceStatus[] GuardedForceDeleteSources =
    [
        Available, Inactive, AwaitingTransfer, Error, ErrorDeleting, ErrorDeferredDeleting, ManageError, UnmanageError,
        ExtendingError, ShrinkingError, RevertingError, BackupRestoringError,
    ];

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Share instance status", variant,
            "The `status` column of a share instance. A share's own status is the status of one selected instance "
            + "(see share.md), and replicas and migration ends are instances, so every status write Manila makes on a "
            + "share goes through this machine. `unmanaged` (unused by HEAD), `restoring` (listed as transitional, "
            + "written on no instance path) and `shrinking_possible_data_loss_error` (no longer set since 7aeed39ba, "
            + "not a reset target) exist as status values but no path reaches them, so they are not states here.");
        Declare(m);
        return m.Build();
    }

    /// <summary>States, transitions and permits; the share's machine (share.md) declares the same under its own name.</summary>
    internal static void Declare(MachineBuilder m)
    {
        m.Stable(Available).Stable(Inactive, "migration source after success, or cancelled destination")
            .Stable(AwaitingTransfer, "a transfer is pending (db: transfer_create)")
            .Final(Deleted, "row soft-deleted");
        m.Transitional(Creating).Transitional(CreatingFromSnapshot, "driver answered creating_from_snapshot; polled; not in TRANSITIONAL_STATUSES")
            .Transitional(Deleting).Transitional(DeferredDeleting, "deferred deletion; not in TRANSITIONAL_STATUSES")
            .Transitional(ManageStarting).Transitional(UnmanageStarting)
            .Transitional(ManageErrorUnmanageStarting, "unmanage of a manage_error share; not in TRANSITIONAL_STATUSES")
            .Transitional(Extending).Transitional(Shrinking).Transitional(Reverting)
            .Transitional(Migrating, "migration source").Transitional(MigratingTo, "migration destination")
            .Transitional(ServerMigrating, "share-server migration source").Transitional(ServerMigratingTo, "share-server migration destination")
            .Transitional(BackupCreating).Transitional(BackupRestoring)
            .Transitional(Ensuring, "ensure_driver_resources at service start")
            .Transitional(ReplicationChange, "replica promotion in progress; not in TRANSITIONAL_STATUSES");
        m.Guarded.Transitional(Snapshotting, "Guarded only: a snapshot is being taken, so delete/extend/shrink/... wait");
        m.Guarded.Transitional(ReplicaUpdating, "Guarded only: a replica poll is asking the driver; delete, promote and sibling work are refused");
        m.Error(Error).Error(ErrorDeleting).Error(ErrorDeferredDeleting, "retried by do_deferred_share_deletion")
            .Error(ManageError).Error(UnmanageError).Error(ExtendingError).Error(ShrinkingError)
            .Error(RevertingError).Error(BackupRestoringError);

        m.Initial(Creating, ManageStarting, MigratingTo, ServerMigratingTo);

        // Create (api.py: create; mgr.py: create_share_instance, _update_share_status).
        m.On("scheduler.create.no_valid_host", Creating, Error, "no host passes the filters");
        m.On("mgr.create.ok", Creating, Available, "driver created it; replicated type also sets replica_state=active");
        m.On("mgr.create.from_snapshot_pending", Creating, CreatingFromSnapshot, "driver returned status creating_from_snapshot");
        m.On("mgr.create.error", Creating, Error, "network, server, driver or security-service failure");
        m.On("periodic.share_status.ok", CreatingFromSnapshot, Available, "periodic_share_status_update, driver says available");
        m.On("periodic.share_status.error", CreatingFromSnapshot, Error, "periodic_share_status_update, driver says error");

        // Delete (api.py: delete, delete_instance; mgr.py: delete_share_instance, do_deferred_share_deletion).
        const string deleteGuard = "no replicas, snapshots, backups or group-snapshot members; not busy; no delete lock";
        m.On("api.delete", Deletable, Deleting, deleteGuard);
        m.On("api.delete.deferred", Deletable, DeferredDeleting, deleteGuard + "; deferred deletion enabled");
        m.On("api.delete.hostless", Deletable, Deleted, "instance has no host: DB delete");
        m.Legacy.OnAny(Triggers.ForceDelete, Deleting, "admin force: no status check");
        m.Guarded.On(Triggers.ForceDelete, GuardedForceDeleteSources, Deleting,
            "admin force, from a status at rest or failed: an operation in flight finishes (or is reset) first");
        m.On("mgr.delete.ok", Deleting, Deleted, "row soft-deleted, quota released in the same transaction");
        m.On("mgr.delete.error", Deleting, ErrorDeleting, "access-rule removal or driver failure, not forced");
        m.On("mgr.deferred_delete.ok", DeferredDeleting, Deleted);
        m.On("mgr.deferred_delete.error", DeferredDeleting, ErrorDeferredDeleting);
        m.On("periodic.deferred_delete.ok", ErrorDeferredDeleting, Deleted, "do_deferred_share_deletion retry");
        m.On("periodic.deferred_delete.error", ErrorDeferredDeleting, ErrorDeferredDeleting, "retry failed again");

        // Extend and shrink (api.py: extend, shrink; mgr.py: extend_share, shrink_share).
        m.On("api.extend", Available, Extending, "not busy");
        m.On("mgr.extend.ok", Extending, Available, "new size");
        m.On("mgr.extend.error", Extending, ExtendingError, "quota rolled back");
        m.On("api.shrink", Available, Shrinking, "not busy");
        m.On("mgr.shrink.ok", Shrinking, Available, "new size");
        m.On("mgr.shrink.refused", Shrinking, Available, "possible data loss or not implemented; user message");
        m.On("mgr.shrink.error", Shrinking, ShrinkingError);

        // Revert to snapshot (ctl/shares: _revert; api.py: _revert_to_snapshot; mgr.py: _revert_to_snapshot).
        m.On("api.revert", Available, Reverting, "revert support; latest snapshot available; all access rules active; not busy");
        m.On("mgr.revert.ok", Reverting, Available);
        m.On("mgr.revert.error", Reverting, RevertingError);

        // Guarded claims the instance by test-and-set, then checks a fresh read (ApiWorker.ClaimThenRecheck): a status
        // can leave and come back between the first read and the claim. A refusal gives the claim back.
        foreach (var (claim, claimed, origins) in new[]
        {
            ("api.delete", Deleting, Deletable), ("api.delete.deferred", DeferredDeleting, Deletable),
            (Triggers.ForceDelete, Deleting, GuardedForceDeleteSources),
            ("api.extend", Extending, [Available]), ("api.shrink", Shrinking, [Available]), ("api.revert", Reverting, [Available]),
        })
            foreach (var origin in origins)
                m.Guarded.On(Triggers.Refused(claim, origin.Value), claimed, origin, "claimed, then a fresh read refused the request");

        // Manage and unmanage (api.py: manage, unmanage; ctl/shares: _unmanage; mgr.py: manage_share, unmanage_share).
        m.On("mgr.manage.ok", ManageStarting, Available);
        m.On("mgr.manage.error", ManageStarting, ManageError, "size 0");
        m.Legacy.On("api.unmanage", LegacyUnmanageSources, UnmanageStarting, "not in TRANSITIONAL_STATUSES; no replicas or snapshots; not busy");
        m.Guarded.On("api.unmanage", GuardedUnmanageSources, UnmanageStarting, "at rest or failed; no replicas or snapshots; not busy");
        m.On("api.unmanage.manage_error", ManageError, ManageErrorUnmanageStarting);
        m.On("mgr.unmanage.ok", [UnmanageStarting, ManageErrorUnmanageStarting], Deleted, "instance deleted");
        m.On("mgr.unmanage.error", [UnmanageStarting, ManageErrorUnmanageStarting], UnmanageError);

        // Share migration (api.py: migration_start/complete/cancel; mgr.py; §7).
        m.On("api.migration_start", Available, Migrating, "no replicas; not in a group; access rules not error; not busy");
        m.On("mgr.migration.error", Migrating, Available, "task_state=migration_error; destination deleted");
        m.On("mgr.migration.error", MigratingTo, Deleted, "destination deleted");
        m.On("mgr.migration.cancel", Migrating, Available, "task_state=migration_cancelled");
        m.On("mgr.migration.cancel", MigratingTo, Inactive, "cancelled destination");
        m.On("mgr.migration_complete.ok", Migrating, Inactive, "source, then deleted");
        m.On("mgr.migration_complete.ok", MigratingTo, Available, "destination takes over");
        m.On("mgr.migration_complete.driver_error", [Migrating, MigratingTo], Error, "driver path: both instances error");
        m.On("mgr.migration.cleanup", Inactive, Deleted, "source or cancelled destination removed");

        // Share-server migration (api.py: share_server_migration_start uses the only conditional bulk update).
        m.On("api.server_migration_start", Available, ServerMigrating, "every instance and snapshot instance available (checked in the update)");
        m.On("mgr.server_migration.ok", ServerMigrating, Inactive, "source");
        m.On("mgr.server_migration.ok", ServerMigratingTo, Available, "destination");
        m.On("mgr.server_migration.cancel", ServerMigrating, Available);
        m.On("mgr.server_migration.cancel", ServerMigratingTo, Deleted);
        m.On("mgr.server_migration.error", [ServerMigrating, ServerMigratingTo], Error);

        // Backups (api.py: create_share_backup, restore_share_backup; mgr.py; data manager).
        m.On("api.backup_create", Available, BackupCreating, "no snapshots; no replicas; not busy");
        m.On("mgr.backup_create.ok", BackupCreating, Available);
        m.On("mgr.backup_create.error", BackupCreating, Available, "backup goes error, share back to available");
        m.On("api.backup_restore", Available, BackupRestoring, "backup available; size fits");
        m.On("mgr.backup_restore.ok", BackupRestoring, Available);
        m.On("mgr.backup_restore.error", BackupRestoring, BackupRestoringError);

        // Transfers (manila/transfer/api.py; db: transfer_create/accept; mgr.py: delete_expired_transfers).
        m.On("db.transfer_create", Available, AwaitingTransfer, "no share network, group or replicas; snapshots available");
        m.On("db.transfer_delete", AwaitingTransfer, Available);
        m.On("db.transfer_accept", AwaitingTransfer, Available, "auth key matches; ownership changed");
        m.On("periodic.transfer_expired", AwaitingTransfer, Available, "delete_expired_transfers");

        // Ensure at service start (mgr.py: ensure_driver_resources).
        m.On("mgr.ensure.begin", [Available, Ensuring], Ensuring, "update_shares_status_on_ensure");
        m.On("mgr.ensure.ok", Ensuring, Available);
        m.On("mgr.ensure.error", Ensuring, Error, "driver-provided status");

        // Replicas (api.py: create/delete/promote_share_replica; mgr.py: same, periodic_share_replica_update).
        ReplicaWorkTransitions.Declare(m);

        // Guarded: taking a snapshot marks the share (the Ocata design), so delete and snapshot exclude each other.
        m.Guarded.On("snapshot.begin", Available, Snapshotting, "conditional update available -> snapshotting");
        m.Guarded.On("snapshot.end", Snapshotting, Available, "snapshot created or failed");

        m.ResetStatus("admin reset-status", ResetTargets);

        // Allowed API actions per state.
        m.PermitEverywhere(ApiAction.ForceDelete, ApiAction.ResetStatus);
        m.Permit(Available, ApiAction.Delete, ApiAction.SoftDelete, ApiAction.Snapshot, ApiAction.Extend,
            ApiAction.Shrink, ApiAction.Revert, ApiAction.AllowAccess, ApiAction.DenyAccess, ApiAction.UpdateAccess,
            ApiAction.PromoteReplica, ApiAction.CreateReplica, ApiAction.DeleteReplica, ApiAction.ResyncReplica,
            ApiAction.Unmanage, ApiAction.Migrate, ApiAction.Backup, ApiAction.Restore, ApiAction.Transfer);
        m.Permit(Error, ApiAction.Delete, ApiAction.SoftDelete, ApiAction.DenyAccess, ApiAction.DeleteReplica, ApiAction.Unmanage);
        // Access syncs run under their own per-instance lock, never the replica lock: a poll does not hold them up.
        m.Guarded.Permit(ReplicaUpdating, ApiAction.AllowAccess, ApiAction.DenyAccess, ApiAction.UpdateAccess);
        m.Permit(Inactive, ApiAction.Delete, ApiAction.SoftDelete, ApiAction.DenyAccess);
        m.Permit(AwaitingTransfer, ApiAction.Transfer);
        m.Permit(ManageError, ApiAction.Unmanage);
        m.Permit([Migrating, MigratingTo], ApiAction.MigrationComplete, ApiAction.MigrationCancel);
        m.Permit([UnmanageError, ExtendingError, ShrinkingError, RevertingError, BackupRestoringError], ApiAction.Unmanage, ApiAction.DenyAccess);
        m.Legacy.Permit([ErrorDeleting, ErrorDeferredDeleting, CreatingFromSnapshot, DeferredDeleting, Inactive, AwaitingTransfer], ApiAction.Unmanage);
        // Legacy: replica delete has no status guard at all.
        m.Legacy.PermitEverywhere(ApiAction.DeleteReplica);
    }
}
