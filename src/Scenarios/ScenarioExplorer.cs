// Explores one scenario under one policy and judges the outcome against the scenario's expectation.
using SimManila.Model;
using SimManila.Scenarios.Invariants;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios;

public sealed record ScenarioOutcome(Scenario Scenario, ConcurrencyPolicy Policy, RunSummary Summary, BugReport? Bug)
{
    /// <summary>The invariant the bug broke, or the bug kind's name for engine-level bugs (deadlock, ...).</summary>
    public string? Violation => Bug is null ? null : InvariantCatalog.NameIn(Bug.Message) ?? Bug.Kind.ToString();

    /// <summary>The scenario's own set-up failed: the file is wrong, not Manila.</summary>
    public bool SetupFailed => Bug?.Message.StartsWith(ScenarioProgram.SetupFailedTag, StringComparison.Ordinal) == true;

    public IReadOnlyList<string> Expected => Scenario.Expect.For(Policy);

    /// <summary>No schedule ran (a time budget spent before the first): nothing was checked, so nothing is claimed.</summary>
    public bool ExploredNothing => Summary.Schedules == 0;

    /// <summary>Clean where clean is expected; else a bug on one of the expected invariants. Never when nothing ran.</summary>
    public bool MetExpectation => !SetupFailed && !ExploredNothing
        && (Expected.Count == 0 ? Bug is null : Bug is not null && Expected.Contains(Violation!));

    /// <summary>What "no bug" means for an ad-hoc run: at least one schedule explored, and none failed.</summary>
    public bool Clean => Bug is null && !ExploredNothing;

    /// <summary>Clean after DFS explored every schedule (within the step limit; with reduction, one of each set that
    /// differs only in the order of commuting steps): a proof for this scenario and policy, not a sample.</summary>
    public bool Proved => Bug is null && Summary.Exhausted;

    /// <summary>Schedules explored until the first bug (its iteration index + 1), or all of them when clean.</summary>
    public long SchedulesToBug => Bug is null ? Summary.Schedules : Bug.Iteration + 1;

    /// <summary>One sentence; a bug says at which schedule it came (its iteration + 1) of how many were explored.</summary>
    public string Verdict =>
        SetupFailed ? $"scenario set-up failed: {Bug!.Message}"
        : ExploredNothing ? "no schedule was explored (the time budget ran out first): nothing was checked"
        : Proved ? (Expected.Count == 0 ? "" : $"expected {string.Join(" or ", Expected)} but ") + $"clean: exhaustive ({Summary.Schedules} schedules), a proof"
        : Bug is null ? (Expected.Count == 0 ? $"clean after {Schedules(Summary.Schedules)}" : $"expected {string.Join(" or ", Expected)} but found nothing in {Schedules(Summary.Schedules)}")
        : MetExpectation ? $"{Violation} at schedule {SchedulesToBug} of {Summary.Schedules}"
        : $"unexpected {Violation} at schedule {SchedulesToBug} of {Summary.Schedules}: {Bug.Message}";

    /// <summary>"1 schedule", "3 schedules".</summary>
    public static string Schedules(long count) => count == 1 ? "1 schedule" : $"{count} schedules";
}

public static class ScenarioExplorer
{
    public static ScenarioOutcome Explore(Scenario scenario, ConcurrencyPolicy policy, SimSettings baseline,
        DatabaseProvider database = DatabaseProvider.InMemory, IProgress<RunProgress>? progress = null)
    {
        var settings = ScenarioProgram.Settings(scenario, policy, baseline);
        var summary = SimRunner.Explore(settings, ScenarioProgram.Build(scenario, policy, database), progress);
        return new ScenarioOutcome(scenario, policy, summary, summary.FirstBug);
    }
}
