// The Coyote gate: every catalogue scenario meets its expectation under Coyote's TestingEngine with Coyote's default
// strategy (its portfolio): Legacy's race found within a stated budget and its traces replayed (under Coyote from
// Coyote's trace, on our loop from the recorded decisions), Guarded clean for a fixed budget.
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;
using SimManila.Simulation.Coyote;
using SimManila.Systematic.Tests;
using Xunit.Abstractions;

namespace SimManila.Coyote.Tests;

public class CoyoteLegacyGateTests(ITestOutputHelper output)
{
    /// <summary>A fixed seed: Coyote's strategies are seeded, so a failure reproduces with it.</summary>
    public const ulong Seed = 20261121;
    /// <summary>Schedules Coyote's portfolio may spend on a Legacy race. Measured with this seed: every race within 126
    /// schedules (unused-server-cleanup-racing-placement 126, deny-lost-between-read-and-write 123). The seed stays
    /// fixed, unlike tests/Systematic's: over seeds 1-10 Coyote's portfolio found unused-server-cleanup-racing-placement
    /// on 3 seeds only within 1,000 schedules (docs/two-engines.md).</summary>
    public const int LegacyBudget = 1500;
    public static TheoryData<string> Scenarios => Catalogue.Names;

    public static SimSettings Baseline(Scenario scenario, ConcurrencyPolicy policy, int iterations) =>
        ScenarioProgram.Settings(scenario, policy, new SimSettings { Seed = Seed, Iterations = iterations, MaxSteps = 20_000, StopAtFirstBug = true });

    [Theory, MemberData(nameof(Scenarios))]
    public void Legacy_finds_the_catalogued_race_under_Coyote_and_its_traces_replay(string name)
    {
        var scenario = Catalogue.Get(name);
        var program = ScenarioProgram.Build(scenario, ConcurrencyPolicy.Legacy);
        var run = CoyoteRunner.Explore(Baseline(scenario, ConcurrencyPolicy.Legacy, LegacyBudget), CoyoteStrategy.Portfolio, program);
        var outcome = new ScenarioOutcome(scenario, ConcurrencyPolicy.Legacy, run.Summary, run.Summary.FirstBug);
        output.WriteLine($"{name} (Coyote portfolio, seed {Seed}): {outcome.Verdict}, {run.Summary.SchedulesPerSecond:0.0} schedules/s");
        Assert.True(outcome.MetExpectation, $"{name} under Legacy, Coyote portfolio, seed {Seed}: {outcome.Verdict}");
        if (outcome.Bug is { } bug) Backends.AssertReplays(bug, run.CoyoteTraces[0] ?? throw new Xunit.Sdk.XunitException("no Coyote trace"), program);
    }
}

/// <summary>The Guarded half of the gate, a class of its own so that xunit runs it beside the Legacy half: Coyote's
/// time goes into waking threads, not into the CPU.</summary>
public class CoyoteGuardedGateTests(ITestOutputHelper output)
{
    const ulong Seed = CoyoteLegacyGateTests.Seed;
    /// <summary>Schedules a Guarded scenario must survive under Coyote.</summary>
    public const int GuardedBudget = 20;

    public static TheoryData<string> Scenarios => Catalogue.Names;

    [Theory, MemberData(nameof(Scenarios))]
    public void Guarded_stays_clean_under_Coyote(string name)
    {
        var scenario = Catalogue.Get(name);
        var run = CoyoteRunner.Explore(CoyoteLegacyGateTests.Baseline(scenario, ConcurrencyPolicy.Guarded, GuardedBudget), CoyoteStrategy.Portfolio,
            ScenarioProgram.Build(scenario, ConcurrencyPolicy.Guarded));
        var outcome = new ScenarioOutcome(scenario, ConcurrencyPolicy.Guarded, run.Summary, run.Summary.FirstBug);
        output.WriteLine($"{name} (Coyote portfolio, seed {Seed}): {outcome.Verdict}, {run.Summary.SchedulesPerSecond:0.0} schedules/s");
        Assert.True(outcome.MetExpectation, $"{name} under Guarded, Coyote portfolio, seed {Seed}: {outcome.Verdict}");
        Assert.Equal(GuardedBudget, run.Summary.Schedules);
    }
}
