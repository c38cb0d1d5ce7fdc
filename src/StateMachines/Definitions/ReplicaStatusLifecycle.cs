// Share replica `status` (fact sheet §1.3): the share-instance statuses a replica moves through, replica work only.
using SimManila.Model;
using static SimManila.Model.ShareInstanceStatus;

namespace SimManila.StateMachines;

public static class ReplicaStatusLifecycle
{
    public const string Resource = "share_replica";

    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Share replica status", variant,
            "A replica is a share instance, so its `status` is a share-instance status; this page shows the replica "
            + "workflows only (every transition here is also in share_instance.md). Manager-side replica work holds "
            + "`locked-share-replica-operation-for-share-<share_id>`: for the whole operation under Legacy, only while it "
            + "checks and writes under Guarded, where the transitional statuses (and `replica_updating` while a poll asks "
            + "the driver) keep sibling work apart instead. The replica's `replica_state` has its own page.");

        m.Stable(Available).Final(Deleted, "row and its snapshot instances soft-deleted");
        m.Transitional(Creating).Transitional(Deleting)
            .Transitional(ReplicationChange, "promotion in progress; not in TRANSITIONAL_STATUSES")
            .Transitional(Reverting, "active replica reverting to a replicated snapshot");
        m.Guarded.Transitional(Snapshotting, "Guarded only: a replicated snapshot is being taken");
        m.Guarded.Transitional(ReplicaUpdating, "Guarded only: a replica poll is asking the driver; delete, promote and sibling work are refused");
        m.Error(Error).Error(ErrorDeleting).Error(RevertingError);
        // Only Guarded's poll marks and gives back these (Legacy's leaves their status alone, so its page never shows them).
        m.Guarded.Error(ExtendingError, "the share's extend failed on the active replica, since demoted")
            .Error(ShrinkingError, "the share's shrink failed on the active replica, since demoted");
        m.Initial(Creating);

        ReplicaWorkTransitions.Declare(m);
        m.Legacy.OnAny(Triggers.ForceDelete, Deleting, "admin force: no status check");
        m.Guarded.On(Triggers.ForceDelete, [Available, Error, ErrorDeleting, RevertingError], Deleting,
            "admin force, from a status at rest or failed: an operation in flight finishes first");
        m.On("api.revert", Available, Reverting, "active replica; latest snapshot available; all access rules active");
        m.On("mgr.revert.ok", Reverting, Available);
        m.On("mgr.revert.error", Reverting, RevertingError);
        m.Guarded.On("snapshot.begin", Available, Snapshotting, "conditional update available -> snapshotting");
        m.Guarded.On("snapshot.end", Snapshotting, Available, "snapshot created or failed");
        m.ResetStatus("admin reset-status", Creating, Available, Deleting, Error, ErrorDeleting);

        m.PermitEverywhere(ApiAction.ForceDelete, ApiAction.ResetStatus);
        m.Permit(Available, ApiAction.PromoteReplica, ApiAction.ResyncReplica, ApiAction.DeleteReplica, ApiAction.Snapshot, ApiAction.Revert);
        m.Permit(Error, ApiAction.DeleteReplica);
        m.Guarded.Permit(ReplicaWorkTransitions.PollReturnsTo, ApiAction.DeleteReplica);
        m.Legacy.PermitEverywhere(ApiAction.DeleteReplica);
        return m.Build();
    }
}
