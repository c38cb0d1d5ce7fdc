// PCT(d=3) needs far fewer schedules than a random walk on the depth-3 program (medians over 20 seeds), and its k is
// estimated from calibration runs that completed.
namespace SimManila.Simulation.Tests;

public class PctTests
{
    const int Seeds = 20;
    const int RandomCap = 30_000; // a seed that finds nothing counts as the cap, so Random's median is a lower bound

    static long MedianSchedulesToBug(StrategyKind strategy, int cap)
    {
        var counts = new List<long>();
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var settings = new SimSettings { ProgramName = "depth3", Seed = seed, Iterations = cap, Strategy = strategy, PctDepth = 3 };
            var summary = SimRunner.Explore(settings, Programs.DepthThree);
            counts.Add(summary.FirstBug is { } bug ? bug.Iteration + 1 : cap);
        }
        counts.Sort();
        return (counts[Seeds / 2 - 1] + counts[Seeds / 2]) / 2;
    }

    [Fact]
    public void PctMedianIsAtLeastTenTimesLowerThanRandom()
    {
        long pct = MedianSchedulesToBug(StrategyKind.Pct, RandomCap);
        long random = MedianSchedulesToBug(StrategyKind.Random, RandomCap);
        Assert.True(pct * 10 <= random, $"PCT median {pct}, Random median {random} (cap {RandomCap})");
    }
}

public class PctCalibrationTests
{
    /// <summary>Half the runs fail at their first step; a complete run takes 1 + 30 steps of one operation and one step
    /// of another.</summary>
    static void FailsEarlyHalfTheTime(Simulator sim)
    {
        sim.Spawn("worker", async () =>
        {
            sim.Assert(!sim.NextBool("fail early"), "failed early");
            for (int i = 0; i < 30; i++) await sim.Point();
        });
        sim.Spawn("other", () => Task.CompletedTask);
    }

    [Fact]
    public void Runs_that_end_in_a_bug_are_replaced_until_eight_complete_so_k_is_a_complete_runs_length()
    {
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "calibration", Seed = 8, Iterations = 1, Strategy = StrategyKind.Pct, StopAtFirstBug = false },
            FailsEarlyHalfTheTime);
        var calibration = summary.PctCalibration!;
        Assert.Equal(32, calibration.Steps);
        Assert.Equal(32, summary.PctEstimatedDecisions);
        Assert.Equal(8, calibration.CompleteRuns);
        Assert.True(calibration.RunsEndedByBug > 0, calibration.ToString());
        Assert.Contains("more ended in a bug, so only as lower bounds", calibration.ToString());
    }

    [Fact]
    public void When_every_calibration_run_ends_in_a_bug_k_is_a_lower_bound_and_says_so()
    {
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "always-fails", Seed = 8, Iterations = 1, Strategy = StrategyKind.Portfolio, StopAtFirstBug = false },
            sim => sim.Spawn("failing", async () => { await sim.Point(); sim.Assert(false, "always"); }));
        var calibration = summary.PctCalibration!;
        Assert.Equal(0, calibration.CompleteRuns);
        Assert.Equal(64, calibration.RunsEndedByBug);
        Assert.Equal(2, calibration.Steps);
        Assert.EndsWith("k is a lower bound)", calibration.ToString());
    }

    [Fact]
    public void Strategies_without_PCT_calibrate_nothing()
    {
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "no-pct", Iterations = 3, Strategy = StrategyKind.Pos }, Programs.LostUpdateTwin);
        Assert.Null(summary.PctCalibration);
        Assert.Equal(0, summary.PctEstimatedDecisions);
    }
}
