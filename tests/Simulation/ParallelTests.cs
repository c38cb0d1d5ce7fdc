// Results depend only on the run seed and iteration index: not on parallelism, not on sharding.
namespace SimManila.Simulation.Tests;

public class ParallelTests
{
    static SimSettings Settings(int parallelism, Shard? shard = null) => new()
    {
        ProgramName = "noise", Seed = 99, Iterations = 400, StopAtFirstBug = false, Parallelism = parallelism, Shard = shard,
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
