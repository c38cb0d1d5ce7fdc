// Results depend only on the run seed and iteration index: not on parallelism, not on sharding. Learning strategies
// learn within blocks of iterations that shards and workers take whole, and every shard runs the portfolio's whole mix.
namespace SimManila.Simulation.Tests;

public class ParallelTests
{
    static SimSettings Settings(int parallelism, Shard? shard = null, StrategyKind strategy = StrategyKind.Random, int iterations = 400) => new()
    {
        ProgramName = "noise", Seed = 99, Iterations = iterations, StopAtFirstBug = false, Parallelism = parallelism, Shard = shard,
        Strategy = strategy,
    };

    static List<(long, BugKind, int, string)> Results(RunSummary summary) =>
        summary.Bugs.Select(b => (b.Iteration, b.Kind, b.Step, b.Message)).OrderBy(r => r.Iteration).ToList();

    [Fact]
    public void ParallelAndShardedRunsFindTheSameBugs()
    {
        var one = SimRunner.Explore(Settings(1), Programs.Noise);
        var two = SimRunner.Explore(Settings(2), Programs.Noise);
        var first = SimRunner.Explore(Settings(1, Shard.Parse("1/2")), Programs.Noise);
        var second = SimRunner.Explore(Settings(2, Shard.Parse("2/2")), Programs.Noise);

        Assert.NotEmpty(one.Bugs);
        Assert.Equal(Results(one), Results(two));
        Assert.Equal(Results(one), Results(first).Concat(Results(second)).OrderBy(r => r.Item1).ToList());
        Assert.All(first.Bugs, b => Assert.Equal(0, b.Iteration % 2));
        Assert.Equal(400, one.Schedules);
        Assert.Equal(400, two.Schedules);
        Assert.Equal(400, first.Schedules + second.Schedules);
        Assert.Equal(one.DistinctSchedules, two.DistinctSchedules);
        Assert.Equal(one.StepsMin, two.StepsMin);
        Assert.Equal(one.StepsMax, two.StepsMax);
    }

    [Theory]
    [InlineData(StrategyKind.Portfolio)]
    [InlineData(StrategyKind.Learning)]
    public void LearningRunsFindTheSameBugsOnAnyNumberOfWorkersAndShardsWhichTakeWholeBlocks(StrategyKind strategy)
    {
        const int Block = NoveltyModel.BlockLength, Iterations = 2 * Block + Block / 4;
        var one = SimRunner.Explore(Settings(1, strategy: strategy, iterations: Iterations), Programs.LostUpdate);
        var two = SimRunner.Explore(Settings(2, strategy: strategy, iterations: Iterations), Programs.LostUpdate);
        var first = SimRunner.Explore(Settings(2, Shard.Parse("1/2"), strategy, Iterations), Programs.LostUpdate);
        var second = SimRunner.Explore(Settings(1, Shard.Parse("2/2"), strategy, Iterations), Programs.LostUpdate);

        Assert.NotEmpty(one.Bugs);
        Assert.Equal(Results(one), Results(two));
        Assert.Equal(Results(one), Results(first).Concat(Results(second)).OrderBy(r => r.Item1).ToList());
        Assert.All(first.Bugs, b => Assert.NotEqual(1, b.Iteration / Block));
        Assert.All(second.Bugs, b => Assert.Equal(1, b.Iteration / Block));
        Assert.Equal(Block + Block / 4, first.Schedules);
        Assert.Equal(Block, second.Schedules);
        Assert.Equal(one.DistinctSchedules, two.DistinctSchedules);
    }

    [Fact]
    public void EveryShardRunsEveryMemberOfThePortfolio()
    {
        // Every iteration of this program fails at its end, so every iteration's trace names the member that ran it.
        static void AlwaysFails(Simulator sim)
        {
            sim.Spawn("a", async () => await sim.Write("x"));
            sim.Spawn("b", async () => await sim.Write("x"));
            sim.WhenQuiet(() => sim.Assert(false, "always"));
        }
        var whole = SimRunner.Explore(Settings(1, strategy: StrategyKind.Portfolio, iterations: 12), AlwaysFails);
        var members = whole.Bugs.Select(b => b.Trace.Strategy).Distinct().Order().ToList();
        Assert.Equal(["portfolio/learning", "portfolio/learning-uniform", "portfolio/pct", "portfolio/request-by-request", "portfolio/round-robin"], members);
        const int Iterations = 3 * NoveltyModel.BlockLength;
        foreach (var shard in new[] { "1/3", "2/3", "3/3" })
        {
            var part = SimRunner.Explore(Settings(1, Shard.Parse(shard), StrategyKind.Portfolio, Iterations) with { MaxSteps = 50 }, AlwaysFails);
            Assert.Equal(members, part.Bugs.Select(b => b.Trace.Strategy).Distinct().Order().ToList());
        }
    }

    [Fact]
    public void StopAtFirstBugReportsTheLowestIterationWhateverTheParallelism()
    {
        var settings = new SimSettings { ProgramName = "depth3", Seed = 5, Iterations = 50_000 };
        var one = SimRunner.Explore(settings, Programs.DepthThree);
        var two = SimRunner.Explore(settings with { Parallelism = 2 }, Programs.DepthThree);
        Assert.Single(one.Bugs);
        Assert.Single(two.Bugs);
        Assert.Equal(one.Bugs[0].Iteration, two.Bugs[0].Iteration);
        Assert.Equal(one.Bugs[0].Trace.ToJson(), two.Bugs[0].Trace.ToJson());
    }
}
