// Deferred deletion retries (mgr.py: do_deferred_share_deletion, do_deferred_snapshot_deletion, every
// periodic_deferred_delete_interval = 300 s): `error_deferred_deleting` rows of THIS host only (LP 2068043, f1647baaf:
// a periodic on host T must not delete what host S owns).
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.History;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    public async Task DeferredShareDeletion()
    {
        var failed = await d.Db.Where<ShareInstance>("host:" + Host,
            i => i.Host == Host && i.Status == ShareInstanceStatus.ErrorDeferredDeleting);
        foreach (var instance in failed)
        {
            var share = await d.Db.Get<Share>(instance.ShareId);
            if (share is null) continue;
            try
            {
                await driver.DeleteShareAsync(ToDriver(instance, share));
            }
            catch (ShareResourceNotFoundException) { /* already gone on the backend: the row may go */ }
            catch (ShareBackendException ex)
            {
                if (log.IsEnabled(LogLevel.Information)) log.LogInformation("deferred delete of {Instance} failed again: {Error}", instance.Id, ex.Message);
                await d.Transitions.Take(d.Machines.ShareInstance, instance, "periodic.deferred_delete.error");
                continue;
            }
            await d.Transitions.TakeDelete(d.Machines.ShareInstance, instance, "periodic.deferred_delete.ok",
                store => ShareRows.ReleaseWithInstance(d, store, share.Id, instance));
        }
    }

    public async Task DeferredSnapshotDeletion()
    {
        var failed = await d.Db.Where<SnapshotInstance>("host:" + Host, s => s.Status == SnapshotInstanceStatus.ErrorDeferredDeleting);
        foreach (var instance in failed)
        {
            // The host filter of LP 2068043 (f1647baaf): the snapshot instance belongs to the host of its share
            // instance. Before it, every host's periodic retried every snapshot instance with its own driver.
            var shareInstance = await d.Db.Get<ShareInstance>(instance.ShareInstanceId);
            if (shareInstance?.Host != Host && !d.Lacks(Fixes.DeferredSnapshotDeletionByHost)) continue;
            var snapshot = await d.Db.Get<Snapshot>(instance.SnapshotId);
            if (snapshot is null) continue;
            try
            {
                await driver.DeleteSnapshotAsync(new DriverSnapshot(instance.Id, snapshot.Id, instance.ShareInstanceId, snapshot.Size));
            }
            catch (ShareResourceNotFoundException) { /* already gone on the backend */ }
            catch (ShareBackendException ex)
            {
                if (log.IsEnabled(LogLevel.Information)) log.LogInformation("deferred delete of {Snapshot} failed again: {Error}", instance.Id, ex.Message);
                await d.Transitions.Take(d.Machines.SnapshotInstance, instance, "periodic.deferred_delete.error");
                continue;
            }
            await d.Transitions.TakeDelete(d.Machines.SnapshotInstance, instance, "periodic.deferred_delete.ok",
                store => ShareRows.ReleaseWithSnapshotInstance(d, store, instance));
        }
    }
}
