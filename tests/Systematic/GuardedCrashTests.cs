// Guarded when share managers die and restart: what a fuzz run found, explored again with the seed and strategy that
// found it (tests/Systematic/Crashes, not part of the race catalogue). Before the fix each broke within these budgets.
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;
using Xunit.Abstractions;

namespace SimManila.Systematic.Tests;

public class GuardedCrashTests(ITestOutputHelper output)
{
    static Scenario Load(string name) => ScenarioLoader.Load(Path.Combine(Repo.Root, "tests", "Systematic", "Crashes", name + ".json"));

    /// <summary>
    /// host1's manager dies as update_access casts reach it, three times over. Its start-up spawned a rule sync per
    /// instance that had not taken a step when the next crash came: owned by the process only from its first step, it
    /// outlived the crash and applied rules while the next incarnation reset them to queued (found at iteration 3).
    /// </summary>
    [Fact]
    public void Start_up_syncs_a_crash_overtakes_before_their_first_step_end_with_the_process()
    {
        var scenario = Load("manager-crashes-during-rule-syncs");
        var outcome = ScenarioExplorer.Explore(scenario, ConcurrencyPolicy.Guarded, new SimSettings
        {
            Seed = 5162671105937315166, Strategy = StrategyKind.Random, Iterations = 200, MaxSteps = 20_000, StopAtFirstBug = true,
            Parallelism = Math.Min(2, Environment.ProcessorCount),
        });
        output.WriteLine(outcome.Verdict);
        Assert.True(outcome.MetExpectation, outcome.Verdict);
    }
}
