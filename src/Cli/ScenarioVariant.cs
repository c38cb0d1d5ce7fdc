// `--without-fix ID` and `--fault SITE` of `simmanila test`: one scenario run at another point of Manila's history or
// with one more fault. Every name is checked (an unknown fix or fault site is exit 2 with the closest names, never a run
// without it), and a variant is saved beside its traces so `simmanila replay` runs the same program.
using System.CommandLine;
using SimManila.Model;
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Services.History;
using SimManila.Simulation;

namespace SimManila.Cli;

public static class ScenarioVariant
{
    public static Option<string[]> WithoutFixOption() => new("--without-fix")
    {
        Description = "Run Legacy as Manila was before this fix (repeatable): an id such as \"LP 2068043\" or the fix's commit; " +
                      "'simmanila scenarios fixes' lists them. Guarded is not affected",
        HelpName = "ID",
    };

    public static Option<string[]> FaultOption() => new("--fault")
    {
        Description = "Also inject this fault (repeatable): SITE[@PROCESS][:PLAN], PLAN one of may, once, always, nth=N, delay=MS, " +
                      "e.g. crash.driver.create_share@host1:once; replaces the scenario's own plan for the same site",
        HelpName = "SITE",
    };

    /// <summary>The scenario with the fixes switched off and the faults added; the scenario itself when both are empty.</summary>
    public static Scenario Apply(Scenario scenario, IReadOnlyList<string> withoutFix, IReadOnlyList<string> faults)
    {
        if (withoutFix.Count > 0) scenario = ScenarioHistory.WithoutFixes(scenario, withoutFix.Select(FixNamed));
        if (faults.Count == 0) return scenario;
        var topology = ScenarioProgram.ToTopology(scenario, ConcurrencyPolicy.Legacy, DatabaseProvider.InMemory);
        var entries = scenario.Faults.ToList();
        foreach (var entry in faults)
        {
            if (FaultSiteCatalog.Check(entry, topology) is { } problem)
            {
                var close = ScenarioCatalog.CloseMatches(problem.Word, problem.Candidates);
                throw new UsageException($"--fault {entry}: {problem.Message}",
                    close.Count > 0 ? $"did you mean: {string.Join(", ", close)}?" : "docs/writing-a-scenario.md lists the fault sites and plans");
            }
            entries.RemoveAll(e => SiteOf(e) == SiteOf(entry));
            entries.Add(entry);
        }
        return scenario with { Faults = entries };
    }

    /// <summary>"site@host" of "site@host:plan".</summary>
    static string SiteOf(string entry) => FaultSitePlan.Parse(entry).Site;

    static Fix FixNamed(string idOrCommit) => Fixes.Find(idOrCommit) ?? throw Unknown(idOrCommit);

    static UsageException Unknown(string id)
    {
        // People write "LP2068043", "2068043" or "lp 2068043": compare the digits too.
        var digits = new string(id.Where(char.IsAsciiDigit).ToArray());
        var close = digits.Length >= 5 ? Fixes.Ids.Where(f => f.Contains(digits, StringComparison.Ordinal)).ToList() : [];
        if (close.Count == 0) close = [.. ScenarioCatalog.CloseMatches(id, Fixes.Ids)];
        return new UsageException($"--without-fix {id}: no such fix",
            close.Count > 0 ? $"did you mean: {string.Join(", ", close)}?" : $"'simmanila scenarios fixes' lists the {Fixes.All.Count} fixes");
    }

    /// <summary>One line naming what differs from the catalogue's scenario, or null when nothing does.</summary>
    public static string? Describe(IReadOnlyList<string> withoutFix, IReadOnlyList<string> faults)
    {
        var parts = new List<string>();
        if (withoutFix.Count > 0) parts.Add("Legacy without " + string.Join(", ", withoutFix.Select(f => FixNamed(f).ToString())));
        if (faults.Count > 0) parts.Add("with fault " + string.Join(", ", faults));
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
