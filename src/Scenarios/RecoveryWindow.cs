// Liveness is judged once faults have stopped, as FoundationDB's simulation does: a crash site that fires at every poll
// would starve any design, so "stuck at quiet" would say nothing about Manila. At the horizon the faults of a run in
// which any fired are disarmed, and the periodic tasks get one more round (after a crashed process has restarted) to
// finish what the faults interrupted; only then does the run go quiet and the liveness invariants judge it.
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios;

public static class RecoveryWindow
{
    /// <summary>How long past the horizon the periodic tasks of <paramref name="scenario"/> keep running once faults
    /// stop: a restart plus the longest interval among them; zero without periodic tasks.</summary>
    public static TimeSpan Length(Scenario scenario) =>
        scenario.PeriodicTasks.Count == 0
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds(scenario.Topology.RestartAfterSeconds) + scenario.PeriodicTasks.Max(PeriodicTaskNames.DefaultInterval);

    /// <summary>Arms the window for one iteration of <paramref name="scenario"/> on <paramref name="deployment"/>.</summary>
    public static void Arm(Simulator sim, Deployment deployment, Scenario scenario)
    {
        var length = Length(scenario);
        if (length == TimeSpan.Zero) return;
        sim.AtHorizon(() =>
        {
            if (sim.FaultsFired == 0) return;
            deployment.Faults.Armed = false;
            sim.Horizon += length;
            if (sim.IsLogging) sim.Log($"faults stop at the horizon; periodic tasks run {length.TotalSeconds:0} s more to recover");
        });
    }
}
