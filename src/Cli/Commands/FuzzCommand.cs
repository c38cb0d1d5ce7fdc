// `simmanila fuzz`: random workloads (topology, set-up, 2-8 concurrent calls, periodic tasks, faults) explored under
// each policy for a small schedule budget each. Every violation is grouped by invariant and calls, the first of each
// group shrunk to a scenario file with a minimal trace in --out (the trace carries the scenario). Exit 0 when nothing
// broke (with --judge expectation: when Guarded stayed clean; Legacy's violations are its expected races), 1 when
// something did (or when no schedule was explored at all), 2 on bad input.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using SimManila.Scenarios;
using SimManila.Scenarios.Fuzzing;
using SimManila.Services;
using SimManila.Simulation;
using Spectre.Console;

namespace SimManila.Cli.Commands;

public static class FuzzCommand
{
    public const int DefaultWorkloads = 100;
    public const int DefaultSchedules = 60;

    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var policy = new Option<string>("--policy", "-p")
        {
            Description = "Which concurrency policy to fuzz (both: each workload under Legacy and under Guarded)",
            DefaultValueFactory = _ => "both",
        };
        policy.AcceptOnlyFromAmong("legacy", "guarded", "both");
        var workloads = new Option<int>("--workloads", "-w") { Description = $"Random workloads to draw (default {DefaultWorkloads})", DefaultValueFactory = _ => DefaultWorkloads, HelpName = "N" };
        var schedules = new Option<int>("--schedules", "-n") { Description = $"Schedules explored per workload and policy (default {DefaultSchedules})", DefaultValueFactory = _ => DefaultSchedules, HelpName = "M" };
        var strategy = new Option<string>("--strategy", "-s") { Description = "Scheduling strategy within each workload", DefaultValueFactory = _ => "random" };
        strategy.AcceptOnlyFromAmong([.. CliOptions.Strategies.Keys.Where(k => k != "dfs")]);
        var depth = new Option<int>("--depth", "-d") { Description = "PCT depth (pct, portfolio)", DefaultValueFactory = _ => 3, HelpName = "N" };
        var faults = new Option<string>("--faults") { Description = "Injected faults: on (about half the workloads), off, or only (every workload)", DefaultValueFactory = _ => "on" };
        faults.AcceptOnlyFromAmong("on", "off", "only");
        var seed = CliOptions.Seed();
        var maxSteps = CliOptions.MaxSteps();
        var parallel = CliOptions.Parallel();
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of N of the workloads (e.g. 2/4); combine the shards' --json reports with 'simmanila merge'", HelpName = "i/N" };
        var timeBudget = CliOptions.TimeBudget("Wall-clock limit for drawing and exploring workloads (shrinking comes after)");
        var untilFirstBug = new Option<bool>("--until-first-bug") { Description = "Stop at the first violation (every workload before it is still explored)" };
        var maxShrinks = new Option<int>("--max-shrinks") { Description = "Violation groups to shrink into scenario files (default 10); the rest are listed", DefaultValueFactory = _ => 10, HelpName = "N" };
        var outDir = new Option<string?>("--out", "-o") { Description = "Where shrunk scenarios and their traces are written (default: traces/fuzz/ of the repository)", HelpName = "DIR" };
        var only = new Option<long[]>("--workload") { Description = "Explore only workload K of this seed (repeatable), e.g. to shrink one a longer run found", HelpName = "K", AllowMultipleArgumentsPerToken = true };
        var show = new Option<long?>("--show-workload") { Description = "Print workload K of this seed and fault mode as a scenario file and exit (nothing is explored)", HelpName = "K" };
        var judge = JudgingOption.Create(JudgingOption.NoBug, $"a random workload expects nothing of Legacy and a clean Guarded; default {JudgingOption.NoBug}");
        var database = DatabaseOption.Create();
        var json = CliOptions.Json();
        var junit = CliOptions.JUnit();
        var command = new Command("fuzz", "Explore random workloads under each policy; shrink every violation to a scenario file: exit 0 when none is found, 1 when one is")
        {
            policy, workloads, schedules, strategy, depth, faults, seed, maxSteps, parallel, shard, timeBudget, untilFirstBug, maxShrinks,
            outDir, only, show, judge, database, json, junit,
        };
        command.SetAction(p =>
        {
            var c = context(p);
            var settings = new FuzzSettings
            {
                Seed = c.Get(seed),
                Workloads = CliOptions.Positive("--workloads", c.Get(workloads)),
                SchedulesPerWorkload = CliOptions.Positive("--schedules", c.Get(schedules)),
                Policies = CliOptions.Policies(c.Get(policy)),
                Strategy = CliOptions.Strategies[c.Get(strategy)],
                PctDepth = CliOptions.Positive("--depth", c.Get(depth)),
                Faults = c.Get(faults) switch { "off" => FaultMode.Off, "only" => FaultMode.Only, _ => FaultMode.On },
                MaxSteps = CliOptions.Positive("--max-steps", c.Get(maxSteps)),
                Parallelism = CliOptions.Positive("--parallel", c.Get(parallel)),
                Shard = CliOptions.ParseShard(c.Get(shard)),
                TimeBudget = CliOptions.ParseDuration("--time-budget", c.Get(timeBudget)),
                StopAtFirstViolation = c.Get(untilFirstBug),
                OnlyWorkloads = c.Get(only) is { Length: > 0 } picked
                    ? picked.All(k => k >= 0) ? picked : throw new UsageException($"--workload: expected a workload index >= 0, got {picked.First(k => k < 0)}")
                    : null,
                MaxShrinks = c.Get(maxShrinks) >= 0 ? c.Get(maxShrinks) : throw new UsageException($"--max-shrinks: expected zero or more, got {c.Get(maxShrinks)}"),
                Database = DatabaseOption.Parse(c.Get(database)),
            };
            if (c.Get(show) is long k)
            {
                if (k < 0) throw new UsageException($"--show-workload: expected a workload index >= 0, got {k}");
                c.Out.Write(ScenarioLoader.ToJson(WorkloadGenerator.Generate(settings.Seed, k, settings.Faults)));
                return SimManilaCli.Ok;
            }
            var directory = OutputPaths.Directory(c, "--out", c.Get(outDir) ?? Path.Combine(c.DefaultTraceDirectory(), "fuzz"));
            return Run(c, settings, directory, JudgingOption.Parse(c.Get(judge)!), OutputPaths.File(c, "--json", c.Get(json)), OutputPaths.File(c, "--junit", c.Get(junit)));
        });
        return command;
    }

    /// <summary>A policy's violations fail the run: any under no-bug; under expectation only Guarded's (a random
    /// workload expects nothing of Legacy, which is Manila with its races).</summary>
    static bool Fails(ConcurrencyPolicy policy, Judging judging) => judging == Judging.NoBug || policy == ConcurrencyPolicy.Guarded;

    static int Run(CliContext c, FuzzSettings settings, string directory, Judging judging, string? json, string? junit)
    {
        var clock = Stopwatch.StartNew();
        c.Line($"Fuzzing {settings.Workloads} workloads{(settings.Shard is { } sh ? $" (shard {sh})" : "")} x {settings.SchedulesPerWorkload} schedules under " +
               $"{string.Join(" and ", settings.Policies.Select(CliOptions.Name))}: strategy {CliOptions.Name(settings.Strategy)}, faults " +
               $"{settings.Faults.ToString().ToLowerInvariant()}, seed {settings.Seed}, {settings.Parallelism} worker{(settings.Parallelism == 1 ? "" : "s")}" +
               (settings.TimeBudget is { } tb ? $", time budget {CliOptions.Seconds(tb)}" : "") +
               (settings.StopAtFirstViolation ? ", until the first violation" : "") + $", database {DatabaseOption.Name(settings.Database)}");
        c.Line($"  {(judging == Judging.Expectation ? $"judged by expectation (--judge {JudgingOption.Expectation}): Guarded must stay clean; Legacy's violations are expected" : JudgingOption.Describe(judging))}");
        var summary = c.Rich ? WithProgress(c, settings) : WithLines(c, settings);
        var written = Write(c, summary, directory);
        Print(c, summary, written);
        int exit = summary.Schedules == 0 || summary.Outcomes.Any(o => o.Outcome.Bug is not null && Fails(o.Policy, judging)) ? SimManilaCli.Failed : SimManilaCli.Ok;
        if (summary.SetupFailures.Count > 0 && exit == SimManilaCli.Ok) exit = SimManilaCli.InternalError;
        if (summary.Schedules == 0)
            c.Markup(CliContext.Paint("red", "no schedule was explored (the time budget ran out first): nothing was checked, so this is not a pass"));
        ReportFiles.Write(c, Report(summary, written, clock.Elapsed, exit, judging), json, junit);
        return exit;
    }

    static FuzzSummary WithProgress(CliContext c, FuzzSettings settings)
    {
        FuzzSummary? summary = null;
        c.Console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("workloads", maxValue: Math.Max(1, Planned(settings)));
                summary = Fuzzer.Run(settings,
                    new Callback<FuzzProgress>(p =>
                    {
                        task.Value = p.WorkloadsDone;
                        task.Description = Markup.Escape($"workloads {p.WorkloadsDone}, {CliOptions.Rate(Rate(p))} schedules, {p.Violations} violation{(p.Violations == 1 ? "" : "s")}");
                    }),
                    shrinking => task.Description = Markup.Escape("shrinking " + shrinking));
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    /// <summary>Plain output (CI logs): a line every tenth of the run or every half minute, whichever comes first (a
    /// long run under a time budget may never reach its next tenth), and one per shrink.</summary>
    static FuzzSummary WithLines(CliContext c, FuzzSettings settings)
    {
        long every = Math.Max(1, Planned(settings) / 10);
        var quietFor = TimeSpan.FromSeconds(30);
        var lastLine = TimeSpan.Zero;
        var gate = new object();
        return Fuzzer.Run(settings,
            new Callback<FuzzProgress>(p =>
            {
                lock (gate) // workers report at once
                {
                    if (p.WorkloadsDone % every != 0 && p.Elapsed - lastLine < quietFor) return;
                    lastLine = p.Elapsed;
                }
                c.Line($"  {p.WorkloadsDone} workloads, {p.Schedules} schedules ({CliOptions.Rate(Rate(p))}), {p.Violations} violation{(p.Violations == 1 ? "" : "s")}");
            }),
            shrinking => c.Line($"  shrinking {shrinking}"));
    }

    static long Planned(FuzzSettings s)
    {
        long count = s.OnlyWorkloads?.Count ?? s.Workloads;
        return s.Shard is { } shard ? (count - (shard.Index - 1) + shard.Count - 1) / shard.Count : count;
    }

    static double Rate(FuzzProgress p) => p.Elapsed.TotalSeconds > 0 ? p.Schedules / p.Elapsed.TotalSeconds : 0;

    /// <summary>Each group's scenario (shrunk where it was) as &lt;name&gt;.json and its trace as &lt;name&gt;.&lt;policy&gt;.json.</summary>
    static Dictionary<ViolationGroup, (string Scenario, string Trace)> Write(CliContext c, FuzzSummary summary, string directory)
    {
        var written = new Dictionary<ViolationGroup, (string, string)>(ReferenceEqualityComparer.Instance);
        if (summary.Groups.Count == 0) return written;
        Directory.CreateDirectory(directory);
        foreach (var group in summary.Groups)
        {
            var (scenario, trace) = group.Shrunk is { } s
                ? (s.Scenario, s.Trace)
                : (group.First.Outcome.Scenario with
                {
                    Expect = group.Policy == ConcurrencyPolicy.Legacy
                        ? new ScenarioExpectation { Legacy = [group.Violation] }
                        : new ScenarioExpectation { Guarded = [group.Violation] },
                }, group.First.Outcome.Bug!.Trace);
            var scenarioPath = Path.Combine(directory, scenario.Name + ".json");
            File.WriteAllText(scenarioPath, ScenarioLoader.ToJson(scenario));
            // The trace carries the file's scenario, so `replay` needs nothing beside it.
            var tracePath = TraceFiles.Save(ScenarioTraces.Embed(trace, scenario), directory, $"{scenario.Name}.{CliOptions.Name(group.Policy)}.json");
            written[group] = (scenarioPath, tracePath);
        }
        return written;
    }

    static void Print(CliContext c, FuzzSummary summary, Dictionary<ViolationGroup, (string Scenario, string Trace)> written)
    {
        var s = summary.Settings;
        c.Line();
        foreach (var policy in s.Policies)
        {
            int violations = summary.ViolationsOf(policy);
            var invariants = summary.InvariantsOf(policy);
            var line = $"{CliOptions.Name(policy)}: {summary.Workloads} workloads, {summary.SchedulesOf(policy)} schedules, ";
            c.Markup(CliContext.Paint("bold", CliOptions.Name(policy)) + Markup.Escape(line[CliOptions.Name(policy).Length..]) + (violations == 0
                ? CliContext.Paint("green", "no violation")
                : CliContext.Paint("red", $"{violations} violation{(violations == 1 ? "" : "s")} of {invariants.Count} invariant{(invariants.Count == 1 ? "" : "s")}: {string.Join(", ", invariants)}")));
        }
        c.Line($"{summary.Schedules} schedules in {CliOptions.Seconds(summary.ExploreElapsed)} ({CliOptions.Rate(summary.SchedulesPerSecond)} on {s.Parallelism} worker{(s.Parallelism == 1 ? "" : "s")})" +
               (summary.OutOfTime ? "; the time budget ended the run" : ""));
        foreach (var failed in summary.SetupFailures.Take(3))
            c.Markup(CliContext.Paint("yellow", $"workload {failed.Index}: the generator drew a set-up the service refused (a defect of simmanila): {failed.Outcome.Bug!.Message}"));
        if (summary.Groups.Count == 0) return;
        c.Line();
        var table = c.NewTable("Policy", "Invariant", "Calls", "Workloads", "Scenario");
        foreach (var group in summary.Groups)
            table.AddRow((CliOptions.Name(group.Policy), null), (group.Violation, "red"),
                (group.Shrunk is null ? "(not shrunk: --max-shrinks ran out)" : string.Join(", ", group.Calls), null),
                (Workloads(group), null),
                (written.TryGetValue(group, out var files) ? c.Show(files.Scenario) : "-", null));
        table.Write();
        foreach (var group in summary.Groups.Where(g => g.Shrunk is not null).Take(3))
        {
            var (scenario, trace) = written[group];
            var r = group.Shrunk!.Reproduce;
            var (before, after) = (group.Shrunk.Minimized.Before, group.Shrunk.Minimized.After);
            c.Line($"{group.Violation} ({CliOptions.Name(group.Policy)}): {group.First.Outcome.Scenario.Concurrent.Count} calls shrunk to " +
                   $"{group.Shrunk.Scenario.Concurrent.Count} in {group.Shrunk.CandidatesTried} tries; the schedule's context switches " +
                   $"{before.ContextSwitches} -> {after.ContextSwitches}, steps {before.Steps} -> {after.Steps}");
            c.Line($"  simmanila test {c.Show(scenario)} --policy {CliOptions.Name(group.Policy)} --strategy {CliOptions.Name(r.Strategy)} --seed {r.Seed} --iterations {r.Iterations} --until-first-bug");
            c.Line($"  simmanila replay {c.Show(trace)}");
        }
    }

    static string Workloads(ViolationGroup group)
    {
        var indices = group.Findings.Select(f => f.Index.ToString(CultureInfo.InvariantCulture)).ToList();
        return $"{indices.Count}: " + string.Join(" ", indices.Take(5)) + (indices.Count > 5 ? " ..." : "");
    }

    /// <summary>One run entry per policy, so `merge` adds shards up as it does for `test`; the groups ride along.</summary>
    static RunReport Report(FuzzSummary summary, Dictionary<ViolationGroup, (string Scenario, string Trace)> written, TimeSpan elapsed, int exit, Judging judging)
    {
        var s = summary.Settings;
        var runs = s.Policies.Select(policy =>
        {
            var mine = summary.Outcomes.Where(o => o.Policy == policy).ToList();
            var violations = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var o in mine.Where(o => o.Violation is not null)) violations[o.Violation!] = violations.GetValueOrDefault(o.Violation!) + 1;
            var first = mine.FirstOrDefault(o => o.Outcome.Bug is not null);
            int bugs = mine.Count(o => o.Outcome.Bug is not null);
            long schedules = mine.Sum(o => o.Outcome.Summary.Schedules);
            return new RunEntry
            {
                Scenario = "random-workloads",
                Policy = CliOptions.Name(policy),
                Reference = "simmanila fuzz",
                Workloads = mine.Count,
                Schedules = schedules,
                ElapsedSeconds = Math.Round(summary.ExploreElapsed.TotalSeconds, 3),
                SchedulesPerSecond = Math.Round(summary.ExploreElapsed.TotalSeconds > 0 ? schedules / summary.ExploreElapsed.TotalSeconds : 0, 1),
                DistinctSchedules = mine.Sum(o => o.Outcome.Summary.DistinctSchedules),
                Bugs = bugs,
                Violations = violations,
                FirstBug = first is null ? null : Finding.From(first.Outcome.Bug!, null) with { Iteration = first.Index },
                MetExpectation = policy == ConcurrencyPolicy.Legacy || bugs == 0,
                Passed = schedules > 0 && (bugs == 0 || !Fails(policy, judging)),
                Verdict = bugs == 0 ? $"clean after {mine.Count} workloads, {schedules} schedules" : $"{bugs} violations in {mine.Count} workloads: {string.Join(", ", violations.Select(v => $"{v.Key} x{v.Value}"))}",
                Groups = [.. summary.Groups.Where(g => g.Policy == policy).Select(g => new FuzzGroup
                {
                    Violation = g.Violation, Calls = g.Calls, Workloads = [.. g.Findings.Select(f => f.Index)],
                    ScenarioFile = written.TryGetValue(g, out var files) ? files.Scenario : null,
                    TraceFile = written.TryGetValue(g, out files) ? files.Trace : null,
                    Shrunk = g.Shrunk is not null,
                })],
            };
        }).ToList();
        return new RunReport
        {
            Command = "fuzz", Seed = s.Seed, Strategy = CliOptions.Name(s.Strategy), Iterations = s.SchedulesPerWorkload, MaxSteps = s.MaxSteps,
            Shard = s.Shard?.ToString(), ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3), ExitCode = exit, Runs = runs,
            Workloads = s.Workloads, Faults = s.Faults.ToString().ToLowerInvariant(),
            Judge = JudgingOption.Name(judging), Database = DatabaseOption.Name(s.Database),
        };
    }
}
