// PCT(d=3) needs far fewer schedules than a random walk on the depth-3 program (medians over 20 seeds).
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
