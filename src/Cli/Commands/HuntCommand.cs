// `simmanila hunt`: every catalogue scenario under both policies within a budget. Legacy stops at its first bug,
// Guarded spends the whole budget. Each scenario's verdict as it finishes (above live progress bars on a terminal),
// then the table (within the terminal's width; --wide adds the references), the traces of the findings under traces/,
// and exit 0 only when every scenario met its expectation (hunt always judges by expectation).
using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SimManila.Model;
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;
using Spectre.Console;

namespace SimManila.Cli.Commands;

public static class HuntCommand
{
    /// <summary>Schedules per scenario and policy by default. Guarded spends all of them; Legacy stops at its first bug
    /// and may go on to <see cref="LegacyFactor"/> times as many, since a few races are rare (one of the catalogue's
    /// needs about 1,800 schedules with the default seed). Measured back to back on 2 shared cores, Guarded at 500 took
    /// 2.7 times as long as at 200; a hunt of three scenarios at 2,000 took six to eight times as long as at 200 (Legacy's
    /// part stays, Guarded's grows tenfold). 200 is what the half-minute hunt allows, so the header says it is a smoke
    /// test and the Guarded column says how many of the schedules were distinct (docs/reproduce-a-race.md).</summary>
    public const int DefaultBudget = 200;

    /// <summary>What a clean Guarded run should have seen before its claim means much; the header names it.</summary>
    public const int StrongGuardedBudget = 2000;
    public const int LegacyFactor = 10;

    static readonly ConcurrencyPolicy[] Policies = [ConcurrencyPolicy.Legacy, ConcurrencyPolicy.Guarded];

    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var budget = new Option<int>("--budget", "-b")
        {
            Description = $"Schedules per scenario and policy (default {DefaultBudget}); Guarded spends them all",
            DefaultValueFactory = _ => DefaultBudget,
            HelpName = "N",
        };
        var legacyBudget = new Option<int?>("--legacy-budget")
        {
            Description = $"Schedules Legacy may spend looking for its race; it stops at the first bug (default {LegacyFactor} x --budget)",
            HelpName = "N",
        };
        var proofBudget = new Option<int>("--proof-budget")
        {
            Description = "Before sampling Guarded, try to exhaust its schedules with DFS and reduction within N schedules: " +
                          "where that succeeds, clean is a proof (default 0: off)",
            DefaultValueFactory = _ => 0,
            HelpName = "N",
        };
        var timeBudget = CliOptions.TimeBudget("Wall-clock limit per scenario and policy; with a large --budget, the time decides");
        var seed = CliOptions.Seed();
        var maxSteps = CliOptions.MaxSteps();
        var parallel = CliOptions.Parallel();
        var only = new Option<string[]>("--only")
        {
            Description = "Hunt only these scenarios (names; repeatable)",
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = true,
        };
        var traces = new Option<string?>("--traces")
        {
            Description = "Where the findings' traces are written (default: traces/ of the repository)",
            HelpName = "DIR",
        };
        var wide = new Option<bool>("--wide") { Description = "Add each scenario's reference (its Launchpad bug, commit or spec) to the table" };
        var database = DatabaseOption.Create();
        var json = CliOptions.Json();
        var junit = CliOptions.JUnit();
        var command = new Command("hunt", "Explore the whole scenario catalogue under Legacy and Guarded and tabulate what each finds")
        {
            budget, legacyBudget, proofBudget, timeBudget, seed, maxSteps, parallel, only, traces, wide, database, json, junit,
        };
        command.SetAction(p =>
        {
            var c = context(p);
            int guarded = CliOptions.Positive("--budget", c.Get(budget));
            return Run(c, new Settings(
                guarded,
                // A budget so large that ten times it overflows is still a budget: the clock (--time-budget) decides.
                c.Get(legacyBudget) is int l ? CliOptions.Positive("--legacy-budget", l) : (int)Math.Min(int.MaxValue, (long)guarded * LegacyFactor),
                CliOptions.NonNegative("--proof-budget", c.Get(proofBudget)),
                CliOptions.ParseDuration("--time-budget", c.Get(timeBudget)),
                c.Get(seed),
                CliOptions.Positive("--max-steps", c.Get(maxSteps)),
                CliOptions.Positive("--parallel", c.Get(parallel)),
                c.Get(only) ?? [],
                OutputPaths.Directory(c, "--traces", c.Get(traces) ?? c.DefaultTraceDirectory()),
                c.Get(wide), DatabaseOption.Parse(c.Get(database)),
                OutputPaths.File(c, "--json", c.Get(json)), OutputPaths.File(c, "--junit", c.Get(junit))));
        });
        return command;
    }

    sealed record Settings(int Budget, int LegacyBudget, int ProofBudget, TimeSpan? TimeBudget, ulong Seed, int MaxSteps, int Parallel, string[] Only,
        string TraceDirectory, bool Wide, DatabaseProvider Database, string? Json, string? JUnit);

    sealed record Row(Scenario Scenario, ScenarioOutcome Legacy, ScenarioOutcome Guarded, string? LegacyTrace, string? GuardedTrace, TimeSpan Elapsed)
    {
        public bool Met => Legacy.MetExpectation && Guarded.MetExpectation;
        public ScenarioOutcome For(ConcurrencyPolicy policy) => policy == ConcurrencyPolicy.Legacy ? Legacy : Guarded;
        public string? TraceFor(ConcurrencyPolicy policy) => policy == ConcurrencyPolicy.Legacy ? LegacyTrace : GuardedTrace;
    }

    static int Run(CliContext c, Settings s)
    {
        var all = c.Catalog.All();
        var scenarios = s.Only.Length == 0
            ? all
            : s.Only.Select(name => all.FirstOrDefault(x => x.Name == name) ?? throw c.Catalog.Unknown(name, all.Select(x => x.Name))).Distinct().ToList();
        var baseline = new SimSettings
        {
            Seed = s.Seed, Iterations = s.Budget, MaxSteps = s.MaxSteps, StopAtFirstBug = true, Parallelism = s.Parallel,
            TimeBudget = s.TimeBudget, Strategy = StrategyKind.Portfolio, ProgressEvery = Math.Clamp(s.Budget / 50, 1, 1000),
        };
        baseline.Validate();
        Preflight.Check(c, scenarios, Policies, s.MaxSteps, s.Database);
        c.Line($"Hunting {scenarios.Count} scenario{(scenarios.Count == 1 ? "" : "s")}: Legacy until its first bug (at most {s.LegacyBudget} schedules), Guarded {s.Budget} schedules" +
               (s.ProofBudget > 0 ? $" unless DFS exhausts it within {s.ProofBudget}" : "") +
               (s.TimeBudget is { } tb ? $" or {CliOptions.Seconds(tb)}" : "") +
               $", seed {s.Seed}, {s.Parallel} worker{(s.Parallel == 1 ? "" : "s")}, database {DatabaseOption.Name(s.Database)}");
        if (s.Budget < StrongGuardedBudget)
            c.Line($"  Guarded's {s.Budget} schedules per scenario are a smoke test rather than a proof: " +
                   $"--budget {StrongGuardedBudget} makes a stronger claim, Guarded's part of the run growing in proportion");
        c.Line($"  {JudgingOption.Describe(Judging.Expectation)}");
        c.Log.LogDebug("traces go to {Directory}", s.TraceDirectory);

        var clock = Stopwatch.StartNew();
        var rows = c.Rich ? Live(c, s, scenarios, baseline) : Plain(c, s, scenarios, baseline);
        var elapsed = clock.Elapsed;

        c.Line();
        // The references are long (up to ~170 characters): only --wide (and the JSON) carries them.
        var table = s.Wide ? c.NewTable("Scenario", "Reference", "Legacy", "Guarded", "Expected?") : c.NewTable("Scenario", "Legacy", "Guarded", "Expected?");
        foreach (var row in rows)
        {
            (string, string?)[] cells = [(row.Scenario.Name, null), Cell(row.Legacy), Cell(row.Guarded), row.Met ? ("yes", "green") : ("NO", "red bold")];
            table.AddRow(s.Wide ? [cells[0], (row.Scenario.Reference, null), .. cells[1..]] : cells);
        }
        table.Write();
        c.Line();

        var findings = rows.SelectMany(r => Policies.Where(p => r.TraceFor(p) is not null).Select(p => (row: r, policy: p))).ToList();
        if (findings.Count > 0)
        {
            c.Line($"Traces of the {findings.Count} findings in {c.Show(s.TraceDirectory)}; replay one with:");
            var first = findings[0];
            c.Line($"  simmanila replay {c.Show(first.row.TraceFor(first.policy)!)}");
        }
        foreach (var row in rows.Where(r => !r.Met))
            foreach (var policy in Policies.Where(p => !row.For(p).MetExpectation))
                c.Markup(CliContext.Paint("red", $"{row.Scenario.Name} under {CliOptions.Name(policy)}: {row.For(policy).Verdict}"));

        int met = rows.Count(r => r.Met);
        long schedules = rows.Sum(r => r.Legacy.Summary.Schedules + r.Guarded.Summary.Schedules);
        int exit = met == rows.Count ? SimManilaCli.Ok : SimManilaCli.Failed;
        int proved = rows.Count(r => r.Guarded.Proved);
        var summary = $"{met}/{rows.Count} scenarios met their expectation; {schedules} schedules in {CliOptions.Seconds(elapsed)} " +
                      $"({CliOptions.Rate(schedules / Math.Max(elapsed.TotalSeconds, 1e-9))})" +
                      (s.ProofBudget > 0 ? $"; Guarded proved clean (exhaustive) on {proved}/{rows.Count}" : "");
        c.Markup(exit == 0 ? CliContext.Paint("green", summary) : CliContext.Paint("red", summary));

        var report = new RunReport
        {
            Command = "hunt", Seed = s.Seed, Strategy = CliOptions.Name(StrategyKind.Portfolio), Iterations = s.Budget, LegacyIterations = s.LegacyBudget,
            ProofIterations = s.ProofBudget > 0 ? s.ProofBudget : null,
            MaxSteps = s.MaxSteps, ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3), ExitCode = exit,
            Judge = JudgingOption.Name(Judging.Expectation), Database = DatabaseOption.Name(s.Database),
            Runs = rows.SelectMany(r => Policies.Select(p => RunEntry.From(r.For(p), r.TraceFor(p) is { } t ? c.Show(t) : null, Judging.Expectation))).ToList(),
        };
        ReportFiles.Write(c, report, s.Json, s.JUnit);
        return exit;
    }

    static (string, string?) Cell(ScenarioOutcome o) => o.MetExpectation
        ? (Short(o), o.Bug is null ? "green" : "yellow")
        : (Short(o) + " (unexpected)", "red bold");

    /// <summary>One line per scenario as it finishes: CI logs and pipes.</summary>
    static List<Row> Plain(CliContext c, Settings s, IReadOnlyList<Scenario> scenarios, SimSettings baseline)
    {
        var rows = new List<Row>();
        int width = scenarios.Max(x => x.Name.Length);
        for (int i = 0; i < scenarios.Count; i++)
        {
            var row = Explore(c, s, scenarios[i], baseline, null);
            rows.Add(row);
            c.Line(Finished(row, i, scenarios.Count, width));
        }
        return rows;
    }

    /// <summary>"[ 3/22] name  legacy: ...; guarded: ... (0.23s)": a scenario's verdict as it finishes.</summary>
    static string Finished(Row row, int index, int count, int width) =>
        $"[{(index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)}/{count}] " +
        $"{row.Scenario.Name.PadRight(width)}  legacy: {Short(row.Legacy)}; guarded: {Short(row.Guarded)} ({CliOptions.Seconds(row.Elapsed)})" +
        (row.Met ? "" : "  <== not as expected");

    /// <summary>A bug says at which schedule it came; a clean run how strong its claim is: schedules, distinct ones, and
    /// whether DFS exhausted the space (a proof within its bounds).</summary>
    static string Short(ScenarioOutcome o) => o.SetupFailed ? "set-up failed"
        : o.ExploredNothing ? "nothing explored"
        : o.Bug is not null ? $"{o.Violation} at schedule {o.SchedulesToBug}"
        : o.Proved ? $"proved clean: all {o.Summary.Schedules} schedules (exhaustive, a proof)"
        : $"clean: {ScenarioOutcome.Schedules(o.Summary.Schedules)}, {o.Summary.DistinctSchedules}{(o.Summary.DistinctIsEstimate ? "~" : "")} distinct";

    /// <summary>A Spectre progress bar per scenario still to finish (Legacy fills the first half, Guarded the second), and
    /// above the bars each finished scenario's verdict line, as it finishes.</summary>
    static List<Row> Live(CliContext c, Settings s, IReadOnlyList<Scenario> scenarios, SimSettings baseline)
    {
        var rows = new List<Row>();
        int width = scenarios.Max(x => x.Name.Length);
        c.Console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = scenarios.Select(x => ctx.AddTask(Markup.Escape(x.Name), autoStart: false, maxValue: 2.0 * s.Budget)).ToList();
                for (int i = 0; i < scenarios.Count; i++)
                {
                    var task = tasks[i];
                    task.StartTask();
                    var row = Explore(c, s, scenarios[i], baseline, (policy, schedules) =>
                    {
                        // The first half of the bar is Legacy's search (its own limit), the second Guarded's budget.
                        task.Value = policy == ConcurrencyPolicy.Legacy
                            ? s.Budget * Math.Min(1.0, schedules / (double)s.LegacyBudget)
                            : s.Budget + Math.Min(schedules, s.Budget);
                        task.Description = Markup.Escape($"{scenarios[i].Name} ({CliOptions.Name(policy)})");
                    });
                    task.Value = task.MaxValue;
                    task.StopTask();
                    rows.Add(row);
                    // Written through the console while the bars are live: Spectre prints it above them.
                    c.Console.MarkupLine(CliContext.Paint(row.Met ? "green" : "red", Finished(row, i, scenarios.Count, width)));
                }
            });
        return rows;
    }

    /// <summary>DFS with reduction over Guarded's schedules, within the proof budget: exhausted and clean, a proof.</summary>
    static ScenarioOutcome Prove(Scenario scenario, SimSettings baseline, int proofBudget, DatabaseProvider database) =>
        ScenarioExplorer.Explore(scenario, ConcurrencyPolicy.Guarded, baseline with
        {
            Strategy = StrategyKind.Dfs, Reduction = true, Iterations = proofBudget, Parallelism = 1,
            ProgressEvery = Math.Clamp(proofBudget / 50, 1, 1000),
        }, database);

    static Row Explore(CliContext c, Settings s, Scenario scenario, SimSettings baseline, Action<ConcurrencyPolicy, long>? onProgress)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = new Dictionary<ConcurrencyPolicy, ScenarioOutcome>();
        var traces = new Dictionary<ConcurrencyPolicy, string?>();
        foreach (var policy in Policies)
        {
            IProgress<RunProgress>? progress = onProgress is null ? null : new Callback<RunProgress>(p => onProgress(policy, p.Schedules));
            var settings = policy == ConcurrencyPolicy.Legacy
                ? baseline with { Iterations = s.LegacyBudget, ProgressEvery = Math.Clamp(s.LegacyBudget / 50, 1, 1000) }
                : baseline;
            var outcome = policy == ConcurrencyPolicy.Guarded && s.ProofBudget > 0 ? Prove(scenario, baseline, s.ProofBudget, s.Database) : null;
            if (outcome is not { Proved: true } && outcome?.Bug is null)
                outcome = ScenarioExplorer.Explore(scenario, policy, settings, s.Database, progress);
            c.Log.LogDebug("{Scenario}/{Policy}: {Verdict} ({Rate:0}/s)", scenario.Name, CliOptions.Name(policy), outcome.Verdict, outcome.Summary.SchedulesPerSecond);
            outcomes[policy] = outcome;
            traces[policy] = null;
            if (outcome.Bug is { } bug)
            {
                var path = TraceFiles.Save(bug.Trace, s.TraceDirectory, TraceFiles.Hunt(scenario, policy));
                c.Log.LogDebug("trace written: {Path}", path);
                traces[policy] = path;
            }
        }
        return new Row(scenario, outcomes[ConcurrencyPolicy.Legacy], outcomes[ConcurrencyPolicy.Guarded],
            traces[ConcurrencyPolicy.Legacy], traces[ConcurrencyPolicy.Guarded], clock.Elapsed);
    }
}

/// <summary>An IProgress that calls back at once on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
sealed class Callback<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
