// What goes with a share instance's row delete, in the same transaction: its quota, and the share row with the last
// instance (db: _share_instance_delete, 3c5963049: only the winner of the row delete commits the quota change).
using SimManila.Model;
using SimManila.Services.Quota;

namespace SimManila.Services.Manager;

static class ShareRows
{
    public static void ReleaseWithInstance(Deployment d, ManilaStore store, string shareId, ShareInstance instance)
    {
        var share = store.Find<Share>(shareId);
        if (share is null) return;
        d.Quotas.ApplyInTransaction(store, share.ProjectId, (QuotaResources.Shares, -1), (QuotaResources.Gigabytes, -instance.Size));
        if (store.Where<ShareInstance>(i => i.ShareId == shareId).Count == 0)
            store.SoftDelete<Share>(shareId, d.Sim.UtcNow);
    }

    public static void ReleaseWithSnapshotInstance(Deployment d, ManilaStore store, SnapshotInstance instance)
    {
        var snapshot = store.Find<Snapshot>(instance.SnapshotId);
        if (snapshot is null) return;
        if (store.Where<SnapshotInstance>(s => s.SnapshotId == snapshot.Id).Count > 0) return;
        d.Quotas.ApplyInTransaction(store, snapshot.ProjectId, (QuotaResources.Snapshots, -1), (QuotaResources.SnapshotGigabytes, -snapshot.Size));
        store.SoftDelete<Snapshot>(snapshot.Id, d.Sim.UtcNow);
    }
}
