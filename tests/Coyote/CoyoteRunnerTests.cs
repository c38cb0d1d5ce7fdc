// CoyoteRunner's meaning of our settings: every bug of a run that goes on past bugs keeps its own Coyote trace, a time
// budget stops the engine between iterations, and bad settings are refused with the setting named.
using SimManila.Simulation;
using SimManila.Simulation.Coyote;
using SimManila.Simulation.Tests;

namespace SimManila.Coyote.Tests;

public class CoyoteRunnerTests
{
    [Fact]
    public void Without_until_first_bug_every_bug_keeps_its_own_Coyote_trace()
    {
        var settings = new SimSettings { ProgramName = nameof(Programs.LostUpdate), Seed = 7, Iterations = 30, StopAtFirstBug = false };
        var run = CoyoteRunner.Explore(settings, CoyoteStrategy.Random, Programs.LostUpdate);
        Assert.Equal(30, run.Summary.Schedules);
        Assert.True(run.Summary.Bugs.Count > 1, $"expected several lost updates in 30 random schedules, got {run.Summary.Bugs.Count}");
        Assert.Equal(run.Summary.Bugs.Count, run.CoyoteTraces.Count);
        var iterations = run.Summary.Bugs.Select(b => b.Iteration).ToList();
        Assert.Equal(iterations.Distinct().Order(), iterations);
        for (int i = 0; i < run.Summary.Bugs.Count; i++) Backends.AssertReplays(run.Summary.Bugs[i], run.CoyoteTraces[i], Programs.LostUpdate);
    }

    [Fact]
    public void A_time_budget_stops_the_engine_between_iterations()
    {
        var settings = new SimSettings
        {
            ProgramName = nameof(Programs.LostUpdateTwin), Seed = 1, Iterations = int.MaxValue, TimeBudget = TimeSpan.FromMilliseconds(300),
        };
        var run = CoyoteRunner.Explore(settings, CoyoteStrategy.Portfolio, Programs.LostUpdateTwin);
        Assert.InRange(run.Summary.Schedules, 1, int.MaxValue - 1);
        Assert.Empty(run.Summary.Bugs);
        Assert.True(run.Summary.Elapsed >= settings.TimeBudget);
    }

    [Fact]
    public void Shards_and_bounds_a_strategy_does_not_take_are_refused()
    {
        var settings = new SimSettings { ProgramName = "p", Shard = new Shard(1, 2) };
        Assert.Contains("Shard", Assert.Throws<ArgumentException>(() => CoyoteRunner.Explore(settings, CoyoteStrategy.Random, Programs.LostUpdate)).Message);
        var bound = Assert.Throws<ArgumentException>(() =>
            CoyoteRunner.Explore(new SimSettings { ProgramName = "p" }, CoyoteStrategy.QLearning, Programs.LostUpdate, strategyBound: 3));
        Assert.Contains("q-learning strategy takes no bound", bound.Message);
    }

    [Theory]
    [InlineData(0.25, 1, 4)]
    [InlineData(0.1, 1, 10)]
    [InlineData(0.75, 3, 4)]
    [InlineData(0.3333, 333, 1000)] // no exact fraction with a denominator up to 64: thousandths
    public void A_probability_becomes_the_smallest_exact_fraction(double probability, int numerator, int denominator) =>
        Assert.Equal((numerator, denominator), CoyoteChoices.Fraction(probability));
}
