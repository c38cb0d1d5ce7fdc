// Coyote's schedules per second on the service program the quick bench already measures (ServiceThroughput: a whole
// Manila per schedule, a share deleted while a snapshot of it is created), run under Coyote's TestingEngine with its
// random strategy, and the ratio of ours to Coyote's from the same run.
using System.Diagnostics;
using SimManila.Simulation;
using SimManila.Simulation.Coyote;

namespace SimManila.Measurements;

public sealed class CoyoteServiceThroughput : IQuickMeasurement
{
    const double Window = 1.0;
    const int WarmupWindows = 2, MeasuredWindows = 3;

    public string Name => "coyote";

    public void Measure(IDictionary<string, object> results, double timeScale = 1.0)
    {
        // The ratio compares figures of one process and one sitting: measure ours here unless this run already did.
        if (!results.ContainsKey("service_schedules_per_sec")) new ServiceThroughput().Measure(results, timeScale);
        double ours = (double)results["service_schedules_per_sec"];
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < WarmupWindows; i++) Schedules(Window * timeScale);
        results["coyote_service_warmup_sec"] = clock.Elapsed.TotalSeconds;
        double best = 0;
        for (int i = 0; i < MeasuredWindows; i++) best = Math.Max(best, Schedules(Window * timeScale));
        results["coyote_service_schedules_per_sec"] = best;
        results["ours_to_coyote_service_ratio"] = best > 0 ? ours / best : 0;
    }

    /// <summary>Schedules per second of Coyote's random strategy over about `seconds` (one TestingEngine, one iteration
    /// at a time: Coyote switches between the operations' threads).</summary>
    static double Schedules(double seconds)
    {
        var settings = new SimSettings
        {
            ProgramName = "bench-coyote-service", Seed = 1, Iterations = int.MaxValue, TimeBudget = TimeSpan.FromSeconds(seconds), StopAtFirstBug = true,
        };
        var run = CoyoteRunner.Explore(settings, CoyoteStrategy.Random, ServiceThroughput.DeleteWhileSnapshotting).Summary;
        if (run.Bugs.Count > 0) throw new InvalidOperationException("bench program has a bug under Coyote: " + run.Bugs[0]);
        return run.SchedulesPerSecond;
    }
}
