// Share group `status` (fact sheet §1.6): creating, available, error, deleting (failure goes to error).
using SimManila.Model;
using static SimManila.Model.ShareGroupStatus;

namespace SimManila.StateMachines;

public static class ShareGroupLifecycle
{
    public const string Resource = "share_group";

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Share group status", variant,
            "The `status` of a share group. A failed delete goes to `error`, not `error_deleting`. Creating a share "
            + "into a group, or a group snapshot, requires the group `available`.");

        m.Stable(Available).Final(Deleted, "row soft-deleted");
        m.Transitional(Creating).Transitional(Deleting);
        m.Error(Error);
        m.Initial(Creating);

        m.On("mgr.create.ok", Creating, Available);
        m.On("mgr.create.error", Creating, Error);
        m.On("api.delete", [Available, Error], Deleting, "no group snapshots; no member shares");
        m.OnAny(Triggers.ForceDelete, Deleting, "admin force: no status check");
        m.On("mgr.delete.ok", Deleting, Deleted);
        m.On("mgr.delete.error", Deleting, Error);
        m.ResetStatus("admin reset-status", Creating, Available, Deleting, Error);

        m.PermitEverywhere(ApiAction.ForceDelete, ApiAction.ResetStatus);
        m.Permit(Available, ApiAction.Delete, ApiAction.CreateShare, ApiAction.Snapshot);
        m.Permit(Error, ApiAction.Delete);
        return m.Build();
    }
}
