// Snapshot casts on the share manager (mgr.py: create_snapshot, delete_snapshot). Neither takes a lock in Manila.
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Model;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    async Task<(SnapshotInstance Instance, Snapshot Snapshot)> LoadSnapshot(string snapshotInstanceId)
    {
        var instance = await d.Db.Get<SnapshotInstance>(snapshotInstanceId)
            ?? throw new EntityNotFoundException(typeof(SnapshotInstance), snapshotInstanceId);
        var snapshot = await d.Db.Get<Snapshot>(instance.SnapshotId)
            ?? throw new EntityNotFoundException(typeof(Snapshot), instance.SnapshotId);
        return (instance, snapshot);
    }

    public async Task CreateSnapshot(string snapshotInstanceId)
    {
        var (instance, snapshot) = await LoadSnapshot(snapshotInstanceId);
        if (!StillExpected("snapshot instance", snapshotInstanceId, instance.Status, SnapshotInstanceStatus.Creating)) return;
        var ok = true;
        try
        {
            await driver.CreateSnapshotAsync(new DriverSnapshot(instance.Id, snapshot.Id, instance.ShareInstanceId, snapshot.Size));
        }
        catch (ShareBackendException ex)
        {
            ok = false;
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("snapshot {Snapshot} failed: {Error}", snapshotInstanceId, ex.Message);
        }
        var trigger = ok ? "mgr.create.ok" : "mgr.create.error";
        // Guarded: the share instance leaves `snapshotting` in the snapshot's own write, whatever the outcome, so a
        // handler that dies between two writes and runs again never finds the share still fenced.
        var shareInstance = d.IsGuarded ? await d.Db.Get<ShareInstance>(instance.ShareInstanceId) : null;
        if (shareInstance?.Status == ShareInstanceStatus.Snapshotting)
            await d.Transitions.TakeBoth(d.Machines.SnapshotInstance, instance, trigger, d.Machines.ShareInstance, shareInstance, "snapshot.end",
                s => s.Progress = ok ? "100%" : s.Progress);
        else
            await d.Transitions.Take(d.Machines.SnapshotInstance, instance, trigger, s => s.Progress = ok ? "100%" : s.Progress);
    }

    public async Task DeleteSnapshot(string snapshotInstanceId, bool force)
    {
        var (instance, snapshot) = await LoadSnapshot(snapshotInstanceId);
        if (!StillExpected("snapshot instance", snapshotInstanceId, instance.Status,
                SnapshotInstanceStatus.Deleting, SnapshotInstanceStatus.DeferredDeleting)) return;
        bool deferred = instance.Status == SnapshotInstanceStatus.DeferredDeleting;
        try
        {
            await driver.DeleteSnapshotAsync(new DriverSnapshot(instance.Id, snapshot.Id, instance.ShareInstanceId, snapshot.Size));
        }
        catch (ShareResourceNotFoundException) when (d.IsGuarded)
        {
            // Guarded: gone already (an earlier run of this delete did it and died before its write): deleted.
        }
        catch (ShareBackendException ex) when (!force)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("delete snapshot {Snapshot} failed: {Error}", snapshotInstanceId, ex.Message);
            await d.Transitions.Take(d.Machines.SnapshotInstance, instance, deferred ? "mgr.deferred_delete.error" : "mgr.delete.error");
            return;
        }
        catch (ShareBackendException) { d.ForceDeleteLeftovers.Add(instance.Id); /* forced: the row goes anyway */ }
        await d.Transitions.TakeDelete(d.Machines.SnapshotInstance, instance, deferred ? "mgr.deferred_delete.ok" : "mgr.delete.ok",
            store => ShareRows.ReleaseWithSnapshotInstance(d, store, instance));
    }
}
