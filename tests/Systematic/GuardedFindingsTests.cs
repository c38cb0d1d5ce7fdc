// Guarded under crashes and fault plans: what fuzz runs found (tests/Systematic/GuardedFindings, not part of the race
// catalogue), explored again with the seed and strategy that found each. Before its fix each broke within this budget.
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;
using Xunit.Abstractions;

namespace SimManila.Systematic.Tests;

public class GuardedFindingsTests(ITestOutputHelper output)
{
    /// <summary>
    /// Each finding and the seed of the shrunk workload that showed it (simmanila fuzz prints it with the finding):
    /// a start-up sync a crash overtook before its first step outlived its process (found at iteration 3); a promote's
    /// level recast ran the demoted replica's host's work in the promoting host's process, so that host's crash ended it
    /// (iteration 0); a delay plan showed a rule removal's driver record before it said it removes only (iteration 0); the
    /// replica snapshot poll finishing a deferred snapshot delete on a demoted replica was taken for other driver work
    /// (iteration 1); a crash at every replica poll left a replica's snapshot instance creating until faults were made
    /// to stop at the horizon, with a recovery window for the polls (RecoveryWindow). Found with the default strategy: a
    /// deny that checked its share before a delete queued the rule on an instance the failed delete left error_deleting
    /// (iteration 119); a share group's manager set up a server with the association a security-service update wrote and
    /// then undid when it aborted (iteration 53); a revert whose snapshot a force delete removed found no latest snapshot
    /// and failed with an internal error (iteration 85).
    /// </summary>
    public static TheoryData<string, ulong, StrategyKind> Findings => new()
    {
        { "manager-crashes-during-rule-syncs", 5162671105937315166, StrategyKind.Random },
        { "promote-recast-on-a-host-that-crashes", 14924592415772718095, StrategyKind.Random },
        { "slow-rule-removal-of-a-deleted-share", 14240124375175528379, StrategyKind.Random },
        { "deferred-snapshot-delete-on-a-demoted-replica", 17840495557855918663, StrategyKind.Random },
        { "replica-polls-crash-at-every-call", 12616886530117494273, StrategyKind.Random },
        { "rule-denied-while-the-share-delete-fails", 15825050302790959521, StrategyKind.Portfolio },
        { "group-created-while-a-security-service-update-aborts", 1009740054736669493, StrategyKind.Portfolio },
        { "revert-while-its-snapshot-is-force-deleted", 15647659076391047047, StrategyKind.Portfolio },
    };

    [Theory, MemberData(nameof(Findings))]
    public void Guarded_stays_clean_where_a_fuzz_run_once_broke_it(string name, ulong seed, StrategyKind strategy)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Repo.Root, "tests", "Systematic", "GuardedFindings", name + ".json"));
        var outcome = ScenarioExplorer.Explore(scenario, ConcurrencyPolicy.Guarded, new SimSettings
        {
            Seed = seed, Strategy = strategy, Iterations = 200, MaxSteps = 20_000, StopAtFirstBug = true,
            Parallelism = Math.Min(2, Environment.ProcessorCount),
        });
        output.WriteLine($"{name} (seed {seed}): {outcome.Verdict}");
        Assert.True(outcome.MetExpectation, $"{name} under Guarded, seed {seed}: {outcome.Verdict}");
    }
}
