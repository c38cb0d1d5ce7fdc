// Share backup `status` (fact sheet §1.7): create and restore (async backends polled), delete.
using SimManila.Model;
using static SimManila.Model.BackupStatus;

namespace SimManila.StateMachines;

public static class BackupLifecycle
{
    public const string Resource = "backup";

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Share backup status", variant,
            "The `status` of a share backup. Async backends are polled by create_backup_continue / "
            + "restore_backup_continue (share manager 60 s, data manager 10 s). A failed restore leaves the backup `error` "
            + "on the share-driver path and `available` on the data-service path.");

        m.Stable(Available).Final(Deleted, "row soft-deleted");
        m.Transitional(Creating).Transitional(Restoring).Transitional(Deleting);
        m.Error(Error).Error(ErrorDeleting);
        m.Initial(Creating);

        m.On("mgr.backup_create.ok", Creating, Available, "driver or data service finished (maybe after polling)");
        m.On("mgr.backup_create.error", Creating, Error);
        m.On("api.restore", Available, Restoring, "target share available; size fits");
        m.On("mgr.restore.ok", Restoring, Available);
        m.On("mgr.restore.error", Restoring, Error, "share-driver path");
        m.On("data.restore.error", Restoring, Available, "data-service path");
        m.On("api.delete", [Available, Error], Deleting);
        m.On("mgr.delete.ok", Deleting, Deleted);
        m.On("mgr.delete.error", Deleting, ErrorDeleting);
        m.ResetStatus("admin reset-status", Available, Error);

        m.PermitEverywhere(ApiAction.ResetStatus);
        m.Permit(Available, ApiAction.Delete, ApiAction.Restore);
        m.Permit(Error, ApiAction.Delete);
        return m.Build();
    }
}
