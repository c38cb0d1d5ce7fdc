// The schedule minimizer: on catalogue findings the smaller trace replays strictly to the same invariant, is no
// longer than the input, and a second pass finds little left; faults and extra calls go when the race does not need
// them; on a tiny engine program the known minimal schedule (one context switch) is reached.
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Services.Rpc;
using SimManila.Simulation;
using Xunit.Abstractions;

namespace SimManila.Systematic.Tests;

public class MinimizerTests(ITestOutputHelper output)
{
    /// <summary>The minimizer is checked on fixed findings so a failure reproduces; new schedules per commit are the
    /// gate's job. (On seed 1 the triple-delete finding keeps its delay faults: a known weakness of the greedy passes.)</summary>
    const ulong FindingSeed = 20261121;

    static SimSettings Baseline(int iterations = 2000) => new()
    {
        Seed = FindingSeed, Iterations = iterations, MaxSteps = 20_000, StopAtFirstBug = true,
        Parallelism = Math.Min(2, Environment.ProcessorCount),
    };

    /// <summary>A Legacy finding of the scenario, explored with the fixed finding seed.</summary>
    static BugReport Finding(Scenario scenario, SimSettings? baseline = null)
    {
        var outcome = ScenarioExplorer.Explore(scenario, ConcurrencyPolicy.Legacy, baseline ?? Baseline());
        Assert.True(outcome.Bug is not null, $"{scenario.Name}: {outcome.Verdict}");
        return outcome.Bug!;
    }

    public static TheoryData<string> Scenarios => new() { "double-share-delete", "two-snapshot-creates", "extend-racing-delete", "allow-during-slow-apply" };

    [Theory, MemberData(nameof(Scenarios))]
    public void Minimized_catalogue_finding_replays_to_the_same_invariant_and_is_no_bigger(string name)
    {
        var scenario = Catalogue.Get(name);
        var bug = Finding(scenario);
        var result = ScenarioMinimizer.Minimize(scenario, ConcurrencyPolicy.Legacy, bug.Trace);
        output.WriteLine($"{name}: {result.Invariant}: {result.Summary()}");

        Assert.Equal(ScenarioMinimizer.FailureOf(bug.Kind, bug.Message), result.Invariant);
        var program = ScenarioProgram.Build(result.Scenario!, ConcurrencyPolicy.Legacy);
        foreach (var trace in new[] { result.Trace, SimTrace.Parse(result.Trace.ToCompactString()), SimTrace.FromJson(result.Trace.ToJson()) })
        {
            var replay = SimRunner.Replay(trace, program, produceLog: false, expectedProgram: bug.Trace.ProgramName);
            Assert.False(replay.Diverged, replay.Divergence);
            Assert.NotNull(replay.Bug);
            Assert.Equal(result.Invariant, ScenarioMinimizer.FailureOf(replay.Bug!.Kind, replay.Bug.Message));
            Assert.Equal(result.Trace.BugStep, replay.Bug.Step);
        }
        Assert.True(result.After.ContextSwitches <= result.Before.ContextSwitches, result.Summary());
        Assert.True(result.After.Steps <= result.Before.Steps, result.Summary());
        Assert.True(result.After.FaultsFired <= result.Before.FaultsFired, result.Summary());
        Assert.Equal(result.After.Steps, result.Trace.BugStep);

        var again = ScenarioMinimizer.Minimize(result.Scenario!, ConcurrencyPolicy.Legacy, result.Trace);
        output.WriteLine($"  again: {again.Summary()}");
        Assert.Equal(result.After, again.Before);
        Assert.True(again.After.ContextSwitches >= result.After.ContextSwitches - 1, again.Summary());
        Assert.True(again.After.Steps >= result.After.Steps * 9 / 10, again.Summary());
    }

    [Fact]
    public void An_unneeded_fault_and_an_extra_call_are_dropped()
    {
        // Three deletes of one share, with messages that may be delayed: two deletes race without any fault.
        var original = Catalogue.Get("double-share-delete");
        var scenario = original with
        {
            Name = "triple-share-delete-with-delays",
            Concurrent = [.. original.Concurrent, original.Concurrent[0]],
            Faults = [RpcBus.DelayedSite],
        };
        var baseline = Baseline() with { Faults = new FaultSettings { ActivationProbability = 1, FireProbability = 1 } };
        var bug = Finding(scenario, baseline);
        var result = ScenarioMinimizer.Minimize(scenario, ConcurrencyPolicy.Legacy, bug.Trace);
        output.WriteLine(result.Summary());
        Assert.True(result.Before.FaultsFired > 0, result.Summary());
        Assert.Equal(0, result.After.FaultsFired);
        Assert.Equal(3, result.Before.ConcurrentCalls);
        Assert.Equal(2, result.After.ConcurrentCalls);
        Assert.Equal(2, result.Scenario!.Concurrent.Count);
        var replay = SimRunner.Replay(result.Trace, ScenarioProgram.Build(result.Scenario, ConcurrencyPolicy.Legacy), produceLog: false);
        Assert.Equal("one-delete-reaches-driver", ScenarioMinimizer.FailureOf(replay.Bug!.Kind, replay.Bug.Message));
    }

    [Fact]
    public void A_scenario_with_two_calls_keeps_both()
    {
        var scenario = Catalogue.Get("double-share-delete");
        var trace = Finding(scenario).Trace;
        var result = ScenarioMinimizer.Minimize(scenario, ConcurrencyPolicy.Legacy, trace, maxReplays: 200);
        Assert.Equal(2, result.After.ConcurrentCalls);
        Assert.Same(scenario, result.Scenario);
        Assert.True(result.Replays <= 200, result.Summary());

        // A tight budget stops early, says so, and still hands back a trace that fails the same way.
        var tight = ScenarioMinimizer.Minimize(scenario, ConcurrencyPolicy.Legacy, trace, maxReplays: 3);
        Assert.True(tight.BudgetExhausted, tight.Summary());
        Assert.Equal(3, tight.Replays);
        Assert.EndsWith("(3 replays, budget exhausted)", tight.Summary());
        var replay = SimRunner.Replay(tight.Trace, ScenarioProgram.Build(scenario, ConcurrencyPolicy.Legacy), produceLog: false);
        Assert.Equal("one-delete-reaches-driver", ScenarioMinimizer.FailureOf(replay.Bug!.Kind, replay.Bug.Message));
    }

    [Fact]
    public void A_trace_without_a_bug_of_another_program_or_that_no_longer_fails_is_refused_clearly()
    {
        var scenario = Catalogue.Get("double-share-delete");
        var trace = Finding(scenario).Trace;
        var clean = trace with { BugKind = null, BugMessage = null };
        Assert.Contains("records no bug", Assert.Throws<ArgumentException>(() => ScenarioMinimizer.Minimize(scenario, ConcurrencyPolicy.Legacy, clean)).Message);
        var other = Assert.Throws<ArgumentException>(() => ScenarioMinimizer.Minimize(scenario, ConcurrencyPolicy.Guarded, trace));
        Assert.Contains("not 'double-share-delete/guarded'", other.Message);
        var claimed = trace with { BugMessage = "[no-internal-error] made up" };
        var ex = Assert.Throws<InvalidOperationException>(() => ScenarioMinimizer.Minimize(scenario, ConcurrencyPolicy.Legacy, claimed));
        Assert.Contains("does not reproduce its failure (no-internal-error)", ex.Message);
    }

    // ---- a tiny engine program whose minimal failing schedule is known ----

    /// <summary>Lost update between two increments, with a noise fault site that changes nothing. Its shortest failing
    /// schedules need exactly one context switch (away from the first increment between its read and its write) and no
    /// fault.</summary>
    static void LostUpdateWithNoise(Simulator sim)
    {
        int counter = 0;
        var ops = new SimOperation[3];
        for (int i = 0; i < ops.Length; i++)
            ops[i] = sim.Spawn($"inc{i}", async () =>
            {
                if (sim.Fault("noise")) await sim.Yield();
                await sim.Read("counter");
                int seen = counter;
                await sim.Yield();
                await sim.Write("counter");
                counter = seen + 1;
            });
        sim.Spawn("check", async () =>
        {
            foreach (var op in ops) await op.Completion;
            sim.Assert(counter == ops.Length, $"lost update: counter is {counter}, expected {ops.Length}");
        });
    }

    [Fact]
    public void Tiny_program_shrinks_to_its_one_switch_schedule()
    {
        var settings = new SimSettings
        {
            ProgramName = "lost-update-noise", Seed = 5, Iterations = 500, Strategy = StrategyKind.Random,
            Faults = new FaultSettings { EnabledSites = ["noise"], ActivationProbability = 1, FireProbability = 0.5 },
        };
        var bugs = SimRunner.Explore(settings with { StopAtFirstBug = false }, LostUpdateWithNoise).Bugs;
        var bug = bugs.First(b => b.Trace.Decisions.Count(d => d is { Kind: DecisionKind.Bool, Value: 1 }) > 1);
        var result = ScenarioMinimizer.MinimizeSchedule(bug.Trace, LostUpdateWithNoise);
        output.WriteLine(result.Summary());
        Assert.Equal(BugKind.AssertionFailed.ToString(), result.Invariant);
        Assert.Null(result.Scenario);
        Assert.True(result.Before.ContextSwitches > 1, result.Summary());
        Assert.Equal(1, result.After.ContextSwitches);
        Assert.Equal(0, result.After.FaultsFired);
        Assert.False(result.BudgetExhausted);

        var replay = SimRunner.Replay(result.Trace, LostUpdateWithNoise, produceLog: false);
        Assert.False(replay.Diverged, replay.Divergence);
        Assert.Equal(BugKind.AssertionFailed, replay.Bug!.Kind);
        // One switch is the minimum: the default schedule (never switch away from a ready operation) does not fail.
        var noSwitch = SimRunner.RunGuided(bug.Trace, [], LostUpdateWithNoise);
        Assert.Null(noSwitch.Bug);
        Assert.Empty(noSwitch.ContextSwitches);
    }
}
