// The fuzz gate: random workloads with faults, seeded from the commit as the catalogue gate is. Guarded must survive
// every one of them; Legacy must break under the same fuzzer (one that finds nothing there is broken); the outcome of a
// workload depends on the seed and its index alone; what it finds shrinks to a scenario that reproduces.
using SimManila.Scenarios;
using SimManila.Scenarios.Fuzzing;
using SimManila.Services;
using SimManila.Simulation;
using Xunit.Abstractions;

namespace SimManila.Systematic.Tests;

public class FuzzGateTests(ITestOutputHelper output)
{
    /// <summary>Guarded's budget in CI: workloads x schedules, sized to keep the gate near a minute on 2 cores.</summary>
    public const int GuardedWorkloads = 240, GuardedSchedules = 30;
    /// <summary>Legacy's: small, since it only has to show the fuzzer still finds races.</summary>
    public const int LegacyWorkloads = 40, LegacySchedules = 30;

    static FuzzSettings Settings(ConcurrencyPolicy policy, int workloads, int schedules, ulong? seed = null) => new()
    {
        Seed = seed ?? Catalogue.Seed, Workloads = workloads, SchedulesPerWorkload = schedules, Policies = [policy],
        Faults = FaultMode.On, Parallelism = Math.Min(2, Environment.ProcessorCount),
    };

    static string Describe(FuzzSummary summary) => string.Join("\n", summary.Groups.Select(g =>
        $"{g.Policy} {g.Violation} [{string.Join(", ", g.Calls)}] workloads {string.Join(" ", g.Findings.Select(f => f.Index))}: "
        + g.First.Outcome.Bug!.Message
        + (g.Shrunk is { } s ? $"\nshrunk scenario (simmanila test FILE --policy {g.Policy.ToString().ToLowerInvariant()} --strategy "
            + $"random --seed {s.Reproduce.Seed} --iterations {s.Reproduce.Iterations} --until-first-bug):\n{ScenarioLoader.ToJson(s.Scenario)}" : "")));

    [Fact]
    public void Guarded_survives_random_workloads_with_faults()
    {
        var summary = Fuzzer.Run(Settings(ConcurrencyPolicy.Guarded, GuardedWorkloads, GuardedSchedules) with { MaxShrinks = 3 });
        output.WriteLine($"seed {Catalogue.Seed}: {summary.Workloads} workloads, {summary.Schedules} schedules in {summary.ExploreElapsed.TotalSeconds:0.0}s");
        Assert.Empty(summary.SetupFailures);
        Assert.True(summary.Schedules >= GuardedWorkloads, "the gate explored almost nothing");
        Assert.True(summary.Groups.Count == 0, $"Guarded broke under fuzz seed {Catalogue.Seed}:\n{Describe(summary)}");
    }

    [Fact]
    public void Legacy_breaks_under_the_same_fuzzer_and_a_finding_shrinks_to_a_scenario_that_reproduces_it()
    {
        var summary = Fuzzer.Run(Settings(ConcurrencyPolicy.Legacy, LegacyWorkloads, LegacySchedules) with { MaxShrinks = 1 });
        output.WriteLine(Describe(summary));
        Assert.Empty(summary.SetupFailures);
        Assert.True(summary.ViolationsOf(ConcurrencyPolicy.Legacy) > 0,
            $"{LegacyWorkloads} Legacy workloads of seed {Catalogue.Seed} found no violation: the fuzzer has lost its teeth");

        var group = summary.Groups.First(g => g.Shrunk is not null);
        var shrunk = group.Shrunk!;
        Assert.True(shrunk.Scenario.Concurrent.Count <= group.First.Outcome.Scenario.Concurrent.Count);
        Assert.Equal([group.Violation], shrunk.Scenario.Expect.Legacy);
        // As the command line prints it: the saved file, the finding's seed and budget.
        var reloaded = ScenarioLoader.Parse(ScenarioLoader.ToJson(shrunk.Scenario), shrunk.Scenario.Name + ".json");
        var again = ScenarioExplorer.Explore(reloaded, ConcurrencyPolicy.Legacy, shrunk.Reproduce);
        Assert.True(again.MetExpectation, again.Verdict);
        var replay = SimRunner.Replay(shrunk.Trace, ScenarioProgram.Build(reloaded, ConcurrencyPolicy.Legacy), produceLog: false);
        Assert.Equal(group.Violation, replay.Bug is { } bug ? ScenarioMinimizer.FailureOf(bug.Kind, bug.Message) : null);
    }

    [Fact]
    public void A_workloads_outcome_depends_on_the_seed_and_its_index_not_on_workers_or_shards()
    {
        var baseline = Settings(ConcurrencyPolicy.Legacy, 24, 8, seed: 7) with { MaxShrinks = 0, Parallelism = 1 };
        static IEnumerable<string> Outcomes(FuzzSummary s) =>
            s.Outcomes.OrderBy(o => o.Index).Select(o => $"{o.Index}:{o.Outcome.Summary.Schedules}:{o.Violation}:{o.Outcome.Bug?.Iteration}");
        var one = Outcomes(Fuzzer.Run(baseline)).ToList();
        var two = Outcomes(Fuzzer.Run(baseline with { Parallelism = 2 })).ToList();
        var sharded = Outcomes(Fuzzer.Run(baseline with { Shard = new Shard(1, 2) }))
            .Concat(Outcomes(Fuzzer.Run(baseline with { Shard = new Shard(2, 2) })))
            .OrderBy(o => int.Parse(o[..o.IndexOf(':')], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(24, one.Count);
        Assert.Equal(one, two);
        Assert.Equal(one, sharded);
        Assert.Contains(one, o => !o.EndsWith(":", StringComparison.Ordinal)); // some workload found something: the comparison has teeth
    }
}
