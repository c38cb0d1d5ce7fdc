// DFS enumerates exactly the interleavings combinatorics predicts and says when the space is exhausted.
namespace SimManila.Simulation.Tests;

public class DfsTests
{
    static long Binomial(int n, int k)
    {
        long result = 1;
        for (int i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }

    /// <summary>Two operations of a and b steps (the start step counts, then a-1 and b-1 yields).</summary>
    static Action<Simulator> TwoOperations(int a, int b) => sim =>
    {
        sim.Spawn("a", async () => { for (int i = 1; i < a; i++) await sim.Yield(); });
        sim.Spawn("b", async () => { for (int i = 1; i < b; i++) await sim.Yield(); });
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 7)]
    public void ExploresExactlyTheBinomialNumberOfSchedules(int a, int b)
    {
        var settings = new SimSettings { ProgramName = $"dfs-{a}-{b}", Strategy = StrategyKind.Dfs, Iterations = 100_000 };
        var summary = SimRunner.Explore(settings, TwoOperations(a, b));
        Assert.True(summary.Exhausted);
        Assert.Equal(Binomial(a + b, a), summary.Schedules);
        Assert.Equal(summary.Schedules, summary.DistinctSchedules);
        Assert.Empty(summary.Bugs);
    }

    [Fact]
    public void ChoicesAreEnumeratedToo()
    {
        var seen = new HashSet<(bool, int)>();
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "dfs-choices", Strategy = StrategyKind.Dfs, Iterations = 1000 },
            sim => sim.Spawn("chooser", () => { seen.Add((sim.NextBool(), sim.NextInt(0, 3))); return Task.CompletedTask; }));
        Assert.True(summary.Exhausted);
        Assert.Equal(6, summary.Schedules);
        Assert.Equal(6, seen.Count);
    }

    [Fact]
    public void BudgetBelowTheSpaceIsNotExhausted()
    {
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "dfs-budget", Strategy = StrategyKind.Dfs, Iterations = 10 }, TwoOperations(4, 4));
        Assert.False(summary.Exhausted);
        Assert.Equal(10, summary.Schedules);
    }

    [Fact]
    public void DfsFindsTheLostUpdate()
    {
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "dfs-lost", Strategy = StrategyKind.Dfs, Iterations = 10_000 }, Programs.LostUpdate);
        Assert.Equal(BugKind.AssertionFailed, summary.FirstBug!.Kind);
        var twin = SimRunner.Explore(new SimSettings { ProgramName = "dfs-lost-twin", Strategy = StrategyKind.Dfs, Iterations = 10_000 }, Programs.LostUpdateTwin);
        Assert.True(twin.Exhausted);
        Assert.Empty(twin.Bugs);
    }
}
