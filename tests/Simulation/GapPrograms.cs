// Programs of our own for the gaps issue 16 names, each with a correct twin.
namespace SimManila.Simulation.Tests;

public static class GapPrograms
{
    // 1. Delete versus snapshot create (a model of the Manila race): the delete checks the share's status and that it
    //    has no snapshots only after 12 preparation points, then writes; a snapshot create reads the status, pauses,
    //    and inserts. The bug needs the create to read before the delete writes and insert after the delete checked.
    public const int DeletePreparationPoints = 12;
    public static void DeleteVersusSnapshot(Simulator sim) => DeleteAndSnapshot(sim, guarded: false);
    public static void DeleteVersusSnapshotTwin(Simulator sim) => DeleteAndSnapshot(sim, guarded: true);

    static void DeleteAndSnapshot(Simulator sim, bool guarded)
    {
        var status = sim.NewVariable("share-status", "available");
        var snapshots = sim.NewVariable("snapshots", 0);
        var share = sim.NewMutex("share-lock");
        sim.Spawn("delete", async () =>
        {
            for (int i = 0; i < DeletePreparationPoints; i++) await sim.Point();
            if (guarded) await share.AcquireAsync();
            bool available = await status.ReadAsync() == "available";
            bool none = await snapshots.ReadAsync() == 0;
            await sim.Point();
            if (available && none) await status.WriteAsync("deleted");
            if (guarded) await share.ReleaseAsync();
        });
        sim.Spawn("snapshot-create", async () =>
        {
            if (guarded) await share.AcquireAsync();
            bool available = await status.ReadAsync() == "available";
            await sim.Point();
            if (available) await snapshots.UpdateAtomicallyAsync(n => n + 1);
            if (guarded) await share.ReleaseAsync();
        });
        sim.WhenQuiet(() => sim.Assert(!(status.Value == "deleted" && snapshots.Value > 0),
            $"share deleted with {snapshots.Value} snapshot(s) left"));
    }
}
