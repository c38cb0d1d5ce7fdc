// Where a scenario's whole schedule space is small, DFS enumerates every schedule under Guarded: a proof of
// absence for that scenario (within its bounds), not a sample.
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Systematic.Tests;

public class ExhaustiveTests
{
    /// <summary>Scenarios whose Guarded schedule space DFS exhausts quickly (measured; the others exceed thousands).</summary>
    public static TheoryData<string> Small => new() { "two-active-replicas-on-promote" };

    const int Cap = 2000;

    [Theory, MemberData(nameof(Small))]
    public void Guarded_is_proved_clean_by_exhaustive_DFS(string name)
    {
        var outcome = ScenarioExplorer.Explore(Catalogue.Get(name), ConcurrencyPolicy.Guarded,
            new SimSettings { Seed = 1, Iterations = Cap, Strategy = StrategyKind.Dfs, MaxSteps = 20_000, StopAtFirstBug = true });
        Assert.True(outcome.Bug is null, outcome.Verdict);
        Assert.True(outcome.Summary.Exhausted, $"{name}: DFS explored {outcome.Summary.Schedules} schedules without exhausting the space (cap {Cap})");
    }

    [Theory, MemberData(nameof(Small))]
    public void Legacy_has_a_bug_DFS_finds_in_the_same_space(string name)
    {
        var outcome = ScenarioExplorer.Explore(Catalogue.Get(name), ConcurrencyPolicy.Legacy,
            new SimSettings { Seed = 1, Iterations = Cap, Strategy = StrategyKind.Dfs, MaxSteps = 20_000, StopAtFirstBug = true });
        Assert.True(outcome.MetExpectation, outcome.Verdict);
    }
}
