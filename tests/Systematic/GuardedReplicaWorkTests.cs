// Replica work under Guarded with no lock held across a driver call: storms of replica requests, resizes, share
// deletes and replica polls (tests/Systematic/ReplicaWork, not part of the race catalogue) stay clean, so the
// transitional statuses and the replica_updating mark keep apart what Manila's replica lock serialised.
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;
using Xunit.Abstractions;

namespace SimManila.Systematic.Tests;

public class GuardedReplicaWorkTests(ITestOutputHelper output)
{
    /// <summary>Schedules each storm must survive (about 80 per second each on one core).</summary>
    const int GuardedBudget = 300;

    static readonly Lazy<IReadOnlyList<Scenario>> storms =
        new(() => ScenarioLoader.LoadDirectory(Path.Combine(Repo.Root, "tests", "Systematic", "ReplicaWork")));

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var scenario in storms.Value) data.Add(scenario.Name);
            return data;
        }
    }

    [Theory, MemberData(nameof(Names))]
    public void Guarded_replica_work_stays_clean(string name)
    {
        var scenario = storms.Value.Single(s => s.Name == name);
        var outcome = ScenarioExplorer.Explore(scenario, ConcurrencyPolicy.Guarded, new SimSettings
        {
            Seed = Catalogue.Seed, Iterations = GuardedBudget, MaxSteps = 20_000, StopAtFirstBug = true,
            Parallelism = Math.Min(2, Environment.ProcessorCount),
        });
        output.WriteLine($"{name} (seed {Catalogue.Seed}): {outcome.Verdict}");
        if (outcome.Bug is { } bug)
            output.WriteLine(FindingReport.Build(scenario, ConcurrencyPolicy.Guarded, bug, ScenarioProgram.Build(scenario, ConcurrencyPolicy.Guarded), null).ToText());
        Assert.True(outcome.MetExpectation, $"{name} under Guarded, seed {Catalogue.Seed}: {outcome.Verdict}");
    }
}
