// Clean-up registered with OnFinished runs once per iteration, after a clean end and after a bug alike.
namespace SimManila.Simulation.Tests;

public class OnFinishedTests
{
    [Fact]
    public void CleanUpRunsAfterCleanIterationsAndAfterBugs()
    {
        int cleanups = 0;
        var clean = SimRunner.Explore(new SimSettings { ProgramName = "finish-clean", Seed = 1, Iterations = 5, Strategy = StrategyKind.Random }, sim =>
        {
            sim.OnFinished(() => cleanups++);
            sim.Spawn("a", async () => await sim.Yield());
        });
        Assert.Equal(5, clean.Schedules);
        Assert.Equal(5, cleanups);

        cleanups = 0;
        var failing = SimRunner.Explore(new SimSettings { ProgramName = "finish-bug", Seed = 1, Iterations = 5, Strategy = StrategyKind.Random }, sim =>
        {
            sim.OnFinished(() => cleanups++);
            sim.Spawn("a", async () => { await sim.Yield(); sim.Assert(false, "always fails"); });
        });
        Assert.NotNull(failing.FirstBug);
        Assert.Equal(1, cleanups);
    }

    [Fact]
    public void ACleanUpThatThrowsIsReported()
    {
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "finish-throws", Seed = 1, Iterations = 1 }, sim =>
        {
            sim.OnFinished(() => throw new InvalidOperationException("disk gone"));
            sim.Spawn("a", async () => await sim.Yield());
        });
        Assert.Equal(BugKind.UnhandledException, summary.FirstBug!.Kind);
        Assert.Contains("disk gone", summary.FirstBug.Message);
    }
}
