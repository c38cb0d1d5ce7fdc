// Random workloads explored for a small schedule budget each. Under Guarded no invariant may ever break; under Legacy
// the first violation found is shrunk (fewer calls, faults, hosts, workers) and printed as a scenario file.
using FsCheck;
using FsCheck.Fluent;
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;
using Xunit.Abstractions;

namespace SimManila.Properties.Tests;

public class WorkloadProperties(ITestOutputHelper output)
{
    const int SchedulesPerWorkload = 12;
    /// <summary>A shrink candidate gets more schedules: a smaller workload may need a different one to fail.</summary>
    const int SchedulesPerShrinkCandidate = 60;

    static ScenarioOutcome Explore(Workload workload, ConcurrencyPolicy policy, ulong seed, int schedules = SchedulesPerWorkload) =>
        ScenarioExplorer.Explore(workload.ToScenario("random-workload"), policy, new SimSettings
        {
            Seed = seed, Iterations = schedules, MaxSteps = 20_000, StopAtFirstBug = true, Strategy = StrategyKind.Random,
        });

    [Fact]
    public void Under_Guarded_no_random_workload_breaks_an_invariant()
    {
        var property = Prop.ForAll(Workload.Generator.ToArbitrary(), workload =>
        {
            var outcome = Explore(workload, ConcurrencyPolicy.Guarded, seed: 7);
            if (outcome.Bug is not null)
                output.WriteLine(ScenarioLoader.ToJson(workload.ToScenario("guarded-counterexample")) + "\n" + outcome.Verdict);
            return outcome.Bug is null;
        });
        FixedSeed.Check(property, seed: 20261121, maxTests: 60);
    }

    [Fact]
    public void Under_Legacy_a_found_violation_shrinks_to_a_ready_to_save_scenario()
    {
        // Collect, with a fixed seed, the workloads Legacy fails on; keep the first.
        var failing = new List<(Workload Workload, string Violation)>();
        var property = Prop.ForAll(Workload.Generator.ToArbitrary(), workload =>
        {
            if (failing.Count == 0 && Explore(workload, ConcurrencyPolicy.Legacy, seed: 7) is { Bug: not null } outcome)
                failing.Add((workload, outcome.Violation!));
            return true;
        });
        FixedSeed.Check(property, seed: 4242, maxTests: 40);
        Assert.True(failing.Count > 0, "40 random workloads found no Legacy violation");
        var (original, violation) = failing[0];

        // Greedy shrink: take any smaller workload that still breaks the same invariant, until none does.
        var current = original;
        for (bool progress = true; progress;)
        {
            progress = false;
            foreach (var smaller in current.Shrinks())
            {
                var outcome = Explore(smaller, ConcurrencyPolicy.Legacy, seed: 7, SchedulesPerShrinkCandidate);
                if (outcome.Bug is not null && outcome.Violation == violation)
                {
                    current = smaller;
                    progress = true;
                    break;
                }
            }
        }
        Assert.True(current.Size <= original.Size);

        var scenario = current.ToScenario("shrunk-random-workload") with
        {
            Expect = new ScenarioExpectation { Legacy = [violation] },
        };
        var json = ScenarioLoader.ToJson(scenario);
        output.WriteLine($"violation {violation}; shrunk from size {original.Size} to {current.Size}:\n{json}");

        // Ready to save: the printed file loads back and still shows the violation under Legacy.
        var reloaded = ScenarioLoader.Parse(json, "shrunk-random-workload.json");
        var again = ScenarioExplorer.Explore(reloaded, ConcurrencyPolicy.Legacy, new SimSettings
        {
            Seed = 7, Iterations = SchedulesPerShrinkCandidate, MaxSteps = 20_000, Strategy = StrategyKind.Random,
        });
        Assert.True(again.MetExpectation, again.Verdict);
    }
}
