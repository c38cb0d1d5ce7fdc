// `simmanila test <scenario|file>`: explores one scenario with every knob exposed (engine, policy, strategy, depth,
// iterations, steps, seed, parallelism, shard, time budget, database). Judged by no-bug (the default: exit 0 when no bug was found,
// 1 when one was) or by the scenario's expectation (--judge expectation); 2 on bad input. The summary says how each
// policy compares with the expectation, and what each concurrent call answered across the schedules; --show-schedule K
// tells schedule K step by step instead.
using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SimManila.Model;
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;
using SimManila.Simulation.Coyote;
using Spectre.Console;

namespace SimManila.Cli.Commands;

public static class TestCommand
{
    public const int DefaultIterations = 1000;

    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var scenario = new Argument<string>("scenario") { Description = "A scenario name from the catalogue, or a scenario file" };
        var policy = new Option<string>("--policy", "-p")
        {
            Description = "Which concurrency policy to run (both: Legacy, then Guarded)",
            DefaultValueFactory = _ => "both",
        };
        policy.AcceptOnlyFromAmong("legacy", "guarded", "both");
        var engine = CliOptions.Engine();
        var strategy = new Option<string>("--strategy", "-s")
        {
            Description = "Scheduling strategy. Ours: " + string.Join(", ", EngineChoice.StrategiesOf(EngineChoice.Ours)) +
                          " (portfolio: the learning strategies and pct in turn, learning from each other). Coyote's: " +
                          string.Join(", ", EngineChoice.StrategiesOf(EngineChoice.Coyote)) + " (portfolio: Coyote's default)",
            DefaultValueFactory = _ => "portfolio",
        };
        strategy.AcceptOnlyFromAmong([.. EngineChoice.StrategiesOf(EngineChoice.Ours).Union(EngineChoice.StrategiesOf(EngineChoice.Coyote))]);
        var depth = new Option<int>("--depth", "-d")
        {
            Description = "PCT depth: priority change points per schedule (pct, portfolio). Under Coyote, when given: the bound of " +
                          "prioritization, fair-prioritization, delay-bounding and probabilistic (else Coyote's defaults: 10, 10, 10, 3)",
            DefaultValueFactory = _ => 3,
            HelpName = "N",
        };
        var iterations = new Option<int>("--iterations", "-n") { Description = $"Schedules to explore per policy (default {DefaultIterations})", DefaultValueFactory = _ => DefaultIterations, HelpName = "N" };
        var maxSteps = CliOptions.MaxSteps();
        var seed = CliOptions.Seed();
        var parallel = CliOptions.Parallel();
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of N of the iterations (e.g. 2/4); merge the shards' --json reports with 'simmanila merge'", HelpName = "i/N" };
        var timeBudget = CliOptions.TimeBudget("Wall-clock limit per policy");
        var untilFirstBug = new Option<bool>("--until-first-bug") { Description = "Stop at the first bug instead of exploring every iteration" };
        var bound = new Option<string>("--bound")
        {
            Description = "dfs: bound the preemptions or the delays, deepening from 0 (none: every schedule)",
            DefaultValueFactory = _ => "none",
        };
        bound.AcceptOnlyFromAmong([.. Bounds.Keys]);
        var maxBound = new Option<int?>("--max-bound") { Description = "dfs with --bound: the largest bound to deepen to", HelpName = "N" };
        var reduction = new Option<bool>("--reduction")
        {
            Description = "dfs: skip schedules that differ from explored ones only in the order of steps on different resources (sleep sets)",
        };
        var outDir = new Option<string?>("--out", "-o") { Description = "Where bug traces are written (default: traces/ of the repository); names carry the shard and iteration", HelpName = "DIR" };
        var judge = JudgingOption.Create(JudgingOption.NoBug, $"default {JudgingOption.NoBug}");
        var database = DatabaseOption.Create();
        var showSchedule = new Option<long?>("--show-schedule")
        {
            Description = "Tell schedule K of this run (same seed, strategy and settings) step by step, clean or not, instead of exploring",
            HelpName = "K",
        };
        var json = CliOptions.Json();
        var junit = CliOptions.JUnit();
        var withoutFix = ScenarioVariant.WithoutFixOption();
        var fault = ScenarioVariant.FaultOption();
        var command = new Command("test", "Explore one scenario: exit 0 when no bug is found (or, with --judge expectation, when it shows what it expects), 1 otherwise, 2 on bad input")
        {
            scenario, engine, policy, strategy, depth, iterations, maxSteps, seed, parallel, shard, timeBudget, untilFirstBug, bound, maxBound, reduction, outDir, judge,
            database, showSchedule, json, junit, withoutFix, fault,
        };
        command.SetAction(p =>
        {
            var c = context(p);
            bool depthGiven = p.GetResult(depth) is { Implicit: false };
            var choice = EngineChoice.Parse(c.Get(engine), c.Get(strategy),
                depthGiven ? (uint)CliOptions.Positive("--depth", c.Get(depth)) : null);
            var kind = choice.IsCoyote ? StrategyKind.Portfolio : CliOptions.Strategies[choice.Strategy];
            var sharding = CliOptions.ParseShard(c.Get(shard));
            if (kind == StrategyKind.Dfs && sharding is not null)
                throw new UsageException("--shard does not apply to --strategy dfs: DFS enumerates one tree of schedules on one thread");
            if (choice.IsCoyote && sharding is not null)
                throw new UsageException("--shard does not apply to --engine coyote: Coyote's TestingEngine explores one sequence of iterations");
            var bounding = Bounds[c.Get(bound)];
            if ((choice.IsCoyote || kind != StrategyKind.Dfs) && (bounding != DfsBounding.None || c.Get(maxBound) is not null || c.Get(reduction)))
                throw new UsageException("--bound, --max-bound and --reduction apply to --strategy dfs only");
            if (c.Get(maxBound) is not null && bounding == DfsBounding.None)
                throw new UsageException("--max-bound needs --bound preemptions or --bound delays");
            var baseline = new SimSettings
            {
                Seed = c.Get(seed),
                Iterations = CliOptions.Positive("--iterations", c.Get(iterations)),
                MaxSteps = CliOptions.Positive("--max-steps", c.Get(maxSteps)),
                PctDepth = CliOptions.Positive("--depth", c.Get(depth)),
                Parallelism = CliOptions.Positive("--parallel", c.Get(parallel)),
                Strategy = kind,
                Shard = sharding,
                TimeBudget = CliOptions.ParseDuration("--time-budget", c.Get(timeBudget)),
                StopAtFirstBug = c.Get(untilFirstBug),
                DfsBounding = bounding,
                DfsMaxBound = c.Get(maxBound) is int m ? CliOptions.NonNegative("--max-bound", m) : int.MaxValue,
                Reduction = c.Get(reduction),
            };
            baseline = baseline with { ProgressEvery = Math.Clamp(baseline.Iterations / 50, 1, 1000) };
            baseline.Validate();
            var db = DatabaseOption.Parse(c.Get(database));
            var (fixesOff, faults) = (c.Get(withoutFix) ?? [], c.Get(fault) ?? []);
            var target = ScenarioVariant.Apply(c.Catalog.Resolve(c.Get(scenario)), fixesOff, faults);
            if (ScenarioVariant.Describe(fixesOff, faults) is { } variant) c.Line($"As changed on the command line: {variant}");
            var policies = CliOptions.Policies(c.Get(policy));
            if (c.Get(showSchedule) is long k)
            {
                if (choice.IsCoyote)
                    throw new UsageException("--show-schedule tells a schedule of our engine; under --engine coyote, replay the trace a finding writes");
                if (k < 0 || k >= baseline.Iterations)
                    throw new UsageException($"--show-schedule: expected a schedule index 0 <= K < {baseline.Iterations} (--iterations), got {k}");
                Preflight.Check(c, [target], policies, baseline.MaxSteps, db);
                return ShowSchedule(c, target, policies, baseline, k, db);
            }
            var run = new Run(
                OutputPaths.Directory(c, "--out", c.Get(outDir) ?? c.DefaultTraceDirectory()),
                JudgingOption.Parse(c.Get(judge)!), db,
                OutputPaths.File(c, "--json", c.Get(json)), OutputPaths.File(c, "--junit", c.Get(junit)));
            Preflight.Check(c, [target], policies, baseline.MaxSteps, db);
            return Explore(c, target, policies, choice, baseline, run);
        });
        return command;
    }

    static readonly IReadOnlyDictionary<string, DfsBounding> Bounds = new Dictionary<string, DfsBounding>(StringComparer.Ordinal)
    {
        ["none"] = DfsBounding.None,
        ["preemptions"] = DfsBounding.Preemptions,
        ["delays"] = DfsBounding.Delays,
    };

    sealed record Run(string TraceDirectory, Judging Judging, DatabaseProvider Database, string? Json, string? JUnit);

    static int Explore(CliContext c, Scenario scenario, IReadOnlyList<ConcurrencyPolicy> policies, EngineChoice choice, SimSettings baseline, Run run)
    {
        var clock = Stopwatch.StartNew();
        var entries = new List<RunEntry>();
        c.Line($"Scenario {scenario.Name} ({scenario.Reference})");
        var workers = choice.IsCoyote
            ? "1 worker (Coyote's TestingEngine runs one iteration at a time)"
            : $"{baseline.Parallelism} worker{(baseline.Parallelism == 1 ? "" : "s")}";
        c.Line($"  {baseline.Iterations} iterations{(baseline.Shard is { } sh ? $", shard {sh}" : "")}, strategy {choice.Label}" +
               (choice.IsCoyote
                   ? choice.Bound is { } bound ? $" (bound {bound})" : ""
                   : baseline.Strategy is StrategyKind.Pct or StrategyKind.Portfolio ? $" (depth {baseline.PctDepth})" : "") +
               $", seed {baseline.Seed}, {workers}, max {baseline.MaxSteps} steps" +
               (baseline.DfsBounding != DfsBounding.None ? $", {baseline.DfsBounding.ToString().ToLowerInvariant()} bounded" + (baseline.DfsMaxBound < int.MaxValue ? $" up to {baseline.DfsMaxBound}" : "") : "") +
               (baseline.Reduction ? ", reduction" : "") +
               (baseline.TimeBudget is { } tb ? $", time budget {CliOptions.Seconds(tb)}" : "") +
               (baseline.StopAtFirstBug ? ", until the first bug" : "") +
               $", database {DatabaseOption.Name(run.Database)}");
        c.Line($"  {JudgingOption.Describe(run.Judging)}");
        foreach (var policy in policies)
        {
            var settings = ScenarioProgram.Settings(scenario, policy, baseline);
            var answers = new CallAnswers();
            var program = ScenarioProgram.Build(scenario, policy, run.Database, answers: answers);
            var (summary, coyoteTraces) = c.Rich ? WithProgress(c, scenario, policy, choice, settings, program) : choice.Explore(settings, program);
            var outcome = new ScenarioOutcome(scenario, policy, summary, summary.FirstBug);
            var written = WriteTraces(c, scenario, policy, choice, summary, coyoteTraces, baseline.Shard, run.TraceDirectory);
            var tally = answers.Of(scenario);
            entries.Add(RunEntry.From(outcome, summary.FirstBug is { } f && written.TryGetValue(f, out var path) ? c.Show(path) : null, run.Judging, tally));
            Print(c, outcome, settings, written, tally, run.Judging);
        }
        int exit = entries.All(e => e.Passed) ? SimManilaCli.Ok : SimManilaCli.Failed;
        var report = new RunReport
        {
            Command = "test", Seed = baseline.Seed, Strategy = choice.Label, Iterations = baseline.Iterations,
            MaxSteps = baseline.MaxSteps, Shard = baseline.Shard?.ToString(), ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ExitCode = exit, Runs = entries, Judge = JudgingOption.Name(run.Judging), Database = DatabaseOption.Name(run.Database),
        };
        ReportFiles.Write(c, report, run.Json, run.JUnit);
        return exit;
    }

    static (RunSummary, IReadOnlyList<CoyoteTrace?>) WithProgress(CliContext c, Scenario scenario, ConcurrencyPolicy policy, EngineChoice choice,
        SimSettings settings, Action<Simulator> program)
    {
        (RunSummary, IReadOnlyList<CoyoteTrace?>) result = default;
        c.Console.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(Spectre.Console.Markup.Escape($"{scenario.Name} ({CliOptions.Name(policy)})"), maxValue: settings.Iterations);
            result = choice.Explore(settings, program, new Callback<RunProgress>(p => task.Value = p.Schedules));
            task.Value = task.MaxValue;
        });
        return result;
    }

    /// <summary>The first bug of every violation, each as TraceFiles.Test names it (its engine, shard and iteration); under
    /// Coyote, Coyote's own reproducible trace goes beside each as .trace.</summary>
    static Dictionary<BugReport, string> WriteTraces(CliContext c, Scenario scenario, ConcurrencyPolicy policy, EngineChoice choice,
        RunSummary summary, IReadOnlyList<CoyoteTrace?> coyoteTraces, Shard? shard, string directory)
    {
        var written = new Dictionary<BugReport, string>(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < summary.Bugs.Count; i++)
        {
            var bug = summary.Bugs[i];
            if (!seen.Add(RunEntry.ViolationOf(bug))) continue;
            var path = TraceFiles.Save(bug.Trace, directory, TraceFiles.Test(scenario, policy, choice.IsCoyote ? EngineChoice.Coyote : null, shard, bug.Iteration));
            c.Log.LogDebug("trace written: {Path}", path);
            written[bug] = path;
            if (i < coyoteTraces.Count && coyoteTraces[i] is { } coyote)
            {
                coyote.Save(CoyoteTracePath(path));
                c.Log.LogDebug("Coyote trace written: {Path}", CoyoteTracePath(path));
            }
        }
        return written;
    }

    /// <summary>Coyote's reproducible trace beside our trace of the same finding.</summary>
    static string CoyoteTracePath(string ourTrace) => Path.ChangeExtension(ourTrace, ".trace");

    static void Print(CliContext c, ScenarioOutcome outcome, SimSettings settings, Dictionary<BugReport, string> written, IReadOnlyList<CallAnswerCounts> answers, Judging judging)
    {
        var s = outcome.Summary;
        var policy = CliOptions.Name(outcome.Policy);
        c.Line();
        c.Markup($"{CliContext.Paint("bold", policy)}: {s.Schedules} schedules in {CliOptions.Seconds(s.Elapsed)} ({CliOptions.Rate(s.SchedulesPerSecond)}), " +
                 $"{s.DistinctSchedules}{(s.DistinctIsEstimate ? "~" : "")} distinct, steps {s.StepsMin}..{s.StepsMax} (avg {s.StepsAvg:0})");
        if (s.PctCalibration is { } calibration) c.Line($"  {calibration}");
        foreach (var b in s.DfsBounds.Where(b => b.Bound is not null)) c.Line($"  {b}");
        if (s.CutByReduction > 0) c.Line($"  {s.CutByReduction} of the schedules cut short by reduction (they could only repeat explored ones)");
        if (s.Exhausted)
        {
            var every = $"every schedule of at most {settings.MaxSteps} steps" +
                        (settings.Reduction ? " (one of each set that differs only in the order of steps on different resources)" : "");
            c.Markup("  " + CliContext.Paint("green", outcome.Proved
                ? $"exhaustive: a proof. DFS explored {every} and none breaks an invariant"
                : $"exhaustive: DFS explored {every}"));
        }
        if (outcome.ExploredNothing)
        {
            c.Markup("  " + CliContext.Paint("red", outcome.Verdict + "; this is not a pass (exit 1)"));
        }
        else if (s.Bugs.Count == 0)
        {
            c.Markup("  " + CliContext.Paint("green", "no bug found"));
        }
        else
        {
            var byViolation = s.Bugs.GroupBy(RunEntry.ViolationOf).Select(g => $"{g.Key} x{g.Count()}");
            c.Markup("  " + CliContext.Paint("red", $"{s.Bugs.Count} bug{(s.Bugs.Count == 1 ? "" : "s")}: {string.Join(", ", byViolation)}"));
            var first = s.Bugs[0];
            c.Line($"  first: iteration {first.Iteration}, step {first.Step}{(first.OperationName is null ? "" : $" in {first.OperationName}")}: {first.Message}");
            foreach (var (bug, path) in written)
            {
                c.Line($"  trace ({RunEntry.ViolationOf(bug)}): {c.Show(path)}");
                if (File.Exists(CoyoteTracePath(path))) c.Line($"  Coyote's trace ({RunEntry.ViolationOf(bug)}): {c.Show(CoyoteTracePath(path))}");
            }
            c.Line($"  replay: simmanila replay {c.Show(written[first])}");
            if (File.Exists(CoyoteTracePath(written[first])))
                c.Line($"  replay under Coyote: simmanila replay {c.Show(CoyoteTracePath(written[first]))}");
        }
        if (answers.Count > 0)
        {
            c.Line("  answers across the schedules:");
            foreach (var call in answers) c.Line($"    {call}");
        }
        var expected = outcome.Expected.Count == 0 ? "clean" : string.Join(" or ", outcome.Expected);
        var paint = outcome.MetExpectation ? "green" : judging == Judging.Expectation ? "red" : "yellow";
        c.Markup("  " + CliContext.Paint(paint, $"the scenario expects {expected} under {policy}: {(outcome.MetExpectation ? "as expected" : "NOT as expected")}" +
                                               (judging == Judging.Expectation ? (outcome.MetExpectation ? " (pass)" : " (FAIL)") : "")));
    }

    /// <summary>--show-schedule K: schedule K of each policy, narrated, clean or not; exit 1 when one ends in a bug.</summary>
    static int ShowSchedule(CliContext c, Scenario scenario, IReadOnlyList<ConcurrencyPolicy> policies, SimSettings baseline, long k, DatabaseProvider database)
    {
        int exit = SimManilaCli.Ok;
        foreach (var policy in policies)
        {
            var settings = ScenarioProgram.Settings(scenario, policy, baseline);
            var (replay, trace) = SimRunner.RunIteration(settings, ScenarioProgram.Build(scenario, policy, database), k);
            c.Line($"Schedule {k} of {scenario.Name} under {CliOptions.Name(policy)}: seed {baseline.Seed}, strategy {trace.Strategy}, " +
                   $"{trace.Decisions.Count} decisions, database {DatabaseOption.Name(database)}");
            c.Line();
            Narration.Print(c, replay, allSteps: false);
            if (replay.Bug is { } bug)
            {
                exit = SimManilaCli.Failed;
                c.Markup(CliContext.Paint("red", $"Ends in {bug.Kind} at step {bug.Step}{(bug.OperationName is null ? "" : $" in {bug.OperationName}")}: {bug.Message}"));
            }
            else
            {
                c.Markup(CliContext.Paint("green", $"Ends after {replay.Steps} steps without a bug."));
            }
            c.Line();
        }
        return exit;
    }
}
