// `simmanila compare [scenario...]`: both engines side by side on the same scenarios in one run. Under Legacy, for each
// strategy of each engine, the schedules to the first expected violation over seeds 1..N (median and mean over the
// seeds that found it, found/N); under Guarded, schedules explored clean per second with each engine's default
// strategy; and each engine's schedules per second on the same scenario. A table on the terminal, --json for machines.
// Exit 0 when every run ended as measured, 1 when a Guarded run found a violation (a design bug), 2 on bad input.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Cli.Commands;

public static class CompareCommand
{
    public const int DefaultSeeds = 10, DefaultBudget = 1000, DefaultGuardedBudget = 100;

    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var scenarios = new Argument<string[]>("scenario") { Description = "Scenarios to compare (names or files; default: the whole catalogue)", Arity = ArgumentArity.ZeroOrMore };
        var seeds = new Option<int>("--seeds") { Description = $"Seeds 1..N per strategy (default {DefaultSeeds})", DefaultValueFactory = _ => DefaultSeeds, HelpName = "N" };
        var budget = new Option<int>("--budget", "-b")
        {
            Description = $"Schedules a Legacy run may spend before its expected violation counts as not found (default {DefaultBudget})",
            DefaultValueFactory = _ => DefaultBudget,
            HelpName = "M",
        };
        var guardedBudget = new Option<int>("--guarded-budget")
        {
            Description = $"Schedules each engine explores under Guarded, measured clean per second (default {DefaultGuardedBudget})",
            DefaultValueFactory = _ => DefaultGuardedBudget,
            HelpName = "N",
        };
        var engine = new Option<string>("--engine") { Description = "Compare ours, coyote, or both (default)", DefaultValueFactory = _ => "both" };
        engine.AcceptOnlyFromAmong([.. EngineChoice.Engines, "both"]);
        var strategies = new Option<string[]>("--strategy", "-s")
        {
            Description = "Only these strategies (ours by name, Coyote's as coyote/NAME; repeatable; default: every strategy of each engine)",
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = true,
        };
        var maxSteps = CliOptions.MaxSteps();
        var timeBudget = CliOptions.TimeBudget("Wall-clock limit per run (one strategy, one seed)");
        var parallel = new Option<int>("--parallel")
        {
            Description = "Legacy runs (one strategy, one seed each) at once (default 1). Their schedules-to-bug do not depend on it; " +
                          "the Guarded throughput runs always run one at a time",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        };
        var json = new Option<string?>("--json") { Description = "Also write the figures as JSON to FILE", HelpName = "FILE" };
        var command = new Command("compare", "Our engine and Coyote side by side: schedules to each Legacy race per strategy over seeds, schedules per second")
        {
            scenarios, seeds, budget, guardedBudget, engine, strategies, maxSteps, timeBudget, parallel, json,
        };
        command.SetAction(p =>
        {
            var c = context(p);
            var all = c.Catalog.All();
            var names = c.Get(scenarios) ?? [];
            var chosen = names.Length == 0 ? all : names.Select(c.Catalog.Resolve).DistinctBy(s => s.Name).ToList();
            var settings = new Settings(
                CliOptions.Positive("--seeds", c.Get(seeds)),
                CliOptions.Positive("--budget", c.Get(budget)),
                CliOptions.Positive("--guarded-budget", c.Get(guardedBudget)),
                CliOptions.Positive("--max-steps", c.Get(maxSteps)),
                CliOptions.ParseDuration("--time-budget", c.Get(timeBudget)),
                CliOptions.Positive("--parallel", c.Get(parallel)),
                Choices(c.Get(engine), c.Get(strategies) ?? []));
            return Run(c, chosen, settings, c.Get(json));
        });
        return command;
    }

    sealed record Settings(int Seeds, int Budget, int GuardedBudget, int MaxSteps, TimeSpan? TimeBudget, int Parallel, IReadOnlyList<EngineChoice> Choices)
    {
        public SimSettings Baseline(ulong seed, int iterations) => new()
        {
            Seed = seed, Iterations = iterations, MaxSteps = MaxSteps, StopAtFirstBug = true, Parallelism = 1, TimeBudget = TimeBudget,
        };
    }

    /// <summary>Every strategy of the chosen engines, or the ones named (ours by name, Coyote's as coyote/NAME).</summary>
    static IReadOnlyList<EngineChoice> Choices(string engine, string[] named)
    {
        var engines = engine == "both" ? EngineChoice.Engines : [engine];
        var every = engines.SelectMany(e => EngineChoice.StrategiesOf(e).Select(s => EngineChoice.Parse(e, s))).ToList();
        if (named.Length == 0) return every;
        return named.Select(n => every.FirstOrDefault(x => x.Label == n) ?? throw new UsageException(
            $"--strategy: '{n}' is not a strategy of --engine {engine}", $"expected one of {string.Join(", ", every.Select(x => x.Label))}")).Distinct().ToList();
    }

    /// <summary>Which engine (and strategy) runs a policy's throughput measurement: each engine's default.</summary>
    static IEnumerable<EngineChoice> Defaults(Settings s) =>
        s.Choices.GroupBy(x => x.Engine).Select(g => g.FirstOrDefault(x => x.Strategy == "portfolio") ?? g.First());

    static int Run(CliContext c, IReadOnlyList<Scenario> scenarios, Settings s, string? json)
    {
        var clock = Stopwatch.StartNew();
        c.Line($"Comparing {scenarios.Count} scenario{(scenarios.Count == 1 ? "" : "s")} with {string.Join(", ", s.Choices.Select(x => x.Label))}");
        c.Line($"  Legacy: seeds 1..{s.Seeds}, at most {s.Budget} schedules per run until the expected violation; Guarded: {s.GuardedBudget} " +
               $"schedules per engine (seed 1, its default strategy); max {s.MaxSteps} steps; one worker per run" +
               (s.Parallel > 1 ? $", {s.Parallel} Legacy runs at once" : "") +
               (s.TimeBudget is { } tb ? $"; at most {CliOptions.Seconds(tb)} per run" : ""));
        WarmUp(scenarios[0], s);
        var rows = new List<ScenarioComparison>();
        int width = scenarios.Max(x => x.Name.Length);
        for (int i = 0; i < scenarios.Count; i++)
        {
            var started = clock.Elapsed;
            var row = Compare(c, scenarios[i], s);
            rows.Add(row);
            c.Line($"[{i + 1,2}/{scenarios.Count}] {scenarios[i].Name.PadRight(width)}  {CliOptions.Seconds(clock.Elapsed - started)}" +
                   (row.GuardedClean ? "" : "  <== Guarded found a violation"));
        }
        c.Line();
        PrintLegacy(c, rows, s);
        c.Line();
        PrintThroughput(c, rows);
        int exit = rows.All(r => r.GuardedClean) ? SimManilaCli.Ok : SimManilaCli.Failed;
        c.Line();
        c.Line($"{rows.Count} scenarios compared in {CliOptions.Seconds(clock.Elapsed)} on {Environment.ProcessorCount} cores");
        if (json is not null)
        {
            var report = new CompareReport
            {
                Seeds = s.Seeds, Budget = s.Budget, GuardedBudget = s.GuardedBudget, MaxSteps = s.MaxSteps,
                Strategies = s.Choices.Select(x => x.Label).ToList(), ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
                Cores = Environment.ProcessorCount, ExitCode = exit, Scenarios = rows,
            };
            var path = c.PathOf(json);
            var dir = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            File.WriteAllText(path, JsonSerializer.Serialize(report, JsonOptions) + "\n");
            c.Line($"JSON: {c.Show(path)}");
        }
        return exit;
    }

    /// <summary>A few discarded Guarded schedules per engine first, so that compiling the service code does not count
    /// against whichever engine happens to run first.</summary>
    static void WarmUp(Scenario scenario, Settings s)
    {
        var program = ScenarioProgram.Build(scenario, ConcurrencyPolicy.Guarded);
        foreach (var choice in Defaults(s))
            choice.Explore(ScenarioProgram.Settings(scenario, ConcurrencyPolicy.Guarded, s.Baseline(0, 5)), program);
    }

    static ScenarioComparison Compare(CliContext c, Scenario scenario, Settings s)
    {
        var legacy = new List<StrategyResult>();
        var expectsLegacyBug = scenario.Expect.For(ConcurrencyPolicy.Legacy).Count > 0;
        var legacyProgram = ScenarioProgram.Build(scenario, ConcurrencyPolicy.Legacy);
        if (expectsLegacyBug)
        {
            // DFS ignores the seed: one run says all.
            var jobs = s.Choices.SelectMany(choice => Enumerable.Range(1, !choice.IsCoyote && choice.Strategy == "dfs" ? 1 : s.Seeds)
                .Select(seed => (choice, seed))).ToList();
            var runs = RunAll(jobs, s.Parallel, job =>
            {
                var settings = ScenarioProgram.Settings(scenario, ConcurrencyPolicy.Legacy, s.Baseline((ulong)job.seed, s.Budget));
                var (summary, _) = job.choice.Explore(settings, legacyProgram);
                var outcome = new ScenarioOutcome(scenario, ConcurrencyPolicy.Legacy, summary, summary.FirstBug);
                c.Log.LogDebug("{Scenario} legacy {Strategy} seed {Seed}: {Verdict}", scenario.Name, job.choice.Label, job.seed, outcome.Verdict);
                return (toBug: outcome.Bug is not null && outcome.MetExpectation ? outcome.SchedulesToBug : (long?)null, summary.Schedules, summary.Elapsed.TotalSeconds);
            });
            foreach (var choice in s.Choices)
            {
                var mine = jobs.Select((job, i) => (job, run: runs[i])).Where(x => x.job.choice == choice).Select(x => x.run).ToList();
                legacy.Add(StrategyResult.From(choice, mine.Select(r => r.toBug).ToList(), mine.Sum(r => r.Schedules), mine.Sum(r => r.TotalSeconds)));
            }
        }
        var guarded = new List<GuardedResult>();
        var guardedProgram = ScenarioProgram.Build(scenario, ConcurrencyPolicy.Guarded);
        foreach (var choice in Defaults(s))
        {
            var settings = ScenarioProgram.Settings(scenario, ConcurrencyPolicy.Guarded, s.Baseline(1, s.GuardedBudget));
            var (summary, _) = choice.Explore(settings, guardedProgram);
            var outcome = new ScenarioOutcome(scenario, ConcurrencyPolicy.Guarded, summary, summary.FirstBug);
            c.Log.LogDebug("{Scenario} guarded {Strategy}: {Verdict}", scenario.Name, choice.Label, outcome.Verdict);
            guarded.Add(new GuardedResult
            {
                Engine = choice.Engine, Strategy = choice.Label, Schedules = summary.Schedules, Clean = outcome.MetExpectation,
                Violation = outcome.Bug is null ? null : outcome.Violation, SchedulesPerSecond = Round(summary.SchedulesPerSecond),
            });
        }
        var rates = legacy.GroupBy(r => r.Engine).ToDictionary(g => g.Key, g => Round(g.Sum(r => r.Schedules) / Math.Max(1e-9, g.Sum(r => r.Seconds))));
        return new ScenarioComparison
        {
            Name = scenario.Name, Reference = scenario.Reference, Expected = scenario.Expect.For(ConcurrencyPolicy.Legacy), Legacy = legacy,
            LegacySchedulesPerSecond = rates, Guarded = guarded,
        };
    }

    /// <summary>Runs every job, at most <paramref name="parallel"/> at once on threads of their own; results in job order.</summary>
    static TResult[] RunAll<TJob, TResult>(IReadOnlyList<TJob> jobs, int parallel, Func<TJob, TResult> run)
    {
        var results = new TResult[jobs.Count];
        int next = -1;
        Exception? failure = null;
        void Work()
        {
            int i;
            while (Volatile.Read(ref failure) is null && (i = Interlocked.Increment(ref next)) < jobs.Count)
            {
                try { results[i] = run(jobs[i]); }
                catch (Exception ex) { Interlocked.CompareExchange(ref failure, ex, null); }
            }
        }
        var workers = Enumerable.Range(0, Math.Min(parallel, jobs.Count)).Select(w => new Thread(Work, 16 * 1024 * 1024) { IsBackground = true, Name = $"compare-{w}" }).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return results;
    }

    static void PrintLegacy(CliContext c, List<ScenarioComparison> rows, Settings s)
    {
        c.Line($"Legacy: schedules to the first expected violation, median (mean) found/seeds; '-' none within {s.Budget}");
        var table = c.NewTable(["Scenario", .. s.Choices.Select(x => x.Label)]);
        foreach (var row in rows)
        {
            var cells = new List<(string, string?)> { (row.Name, null) };
            foreach (var choice in s.Choices)
            {
                var r = row.Legacy.FirstOrDefault(x => x.Strategy == choice.Label);
                cells.Add(r is null ? ("n/a", null) : (r.Cell, r.Found == r.Seeds ? "green" : r.Found == 0 ? "red" : "yellow"));
            }
            table.AddRow([.. cells]);
        }
        table.Write();
    }

    static void PrintThroughput(CliContext c, List<ScenarioComparison> rows)
    {
        var engines = rows.SelectMany(r => r.Guarded.Select(g => g.Engine)).Distinct().ToList();
        c.Line("Schedules per second, one worker: Legacy over all its runs above (each run's set-up included: our PCT calibration, " +
               "Coyote's engine start), Guarded clean with each engine's default strategy");
        var columns = new List<string> { "Scenario" };
        columns.AddRange(engines.Select(e => $"{e} Legacy/s"));
        columns.AddRange(engines.Select(e => $"{e} Guarded/s"));
        if (engines.Count == 2) columns.Add($"{engines[0]}/{engines[1]} (Guarded)");
        columns.Add("Guarded");
        var table = c.NewTable([.. columns]);
        foreach (var row in rows)
        {
            var cells = new List<(string, string?)> { (row.Name, null) };
            cells.AddRange(engines.Select(e => (row.LegacySchedulesPerSecond.TryGetValue(e, out var r) ? Number(r) : "n/a", (string?)null)));
            cells.AddRange(engines.Select(e => (row.Guarded.FirstOrDefault(g => g.Engine == e) is { } g ? Number(g.SchedulesPerSecond) : "n/a", (string?)null)));
            if (engines.Count == 2)
            {
                var a = row.Guarded.First(g => g.Engine == engines[0]).SchedulesPerSecond;
                var b = row.Guarded.First(g => g.Engine == engines[1]).SchedulesPerSecond;
                cells.Add((b > 0 ? (a / b).ToString("0.0", CultureInfo.InvariantCulture) + "x" : "n/a", null));
            }
            cells.Add(row.GuardedClean ? ("clean", "green") : (string.Join(", ", row.Guarded.Where(g => !g.Clean).Select(g => $"{g.Strategy}: {g.Violation}")), "red bold"));
            table.AddRow([.. cells]);
        }
        table.Write();
    }

    static double Round(double value) => Math.Round(value, value >= 100 ? 0 : 1);

    static string Number(double value) => value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The JSON of one compare run.</summary>
public sealed record CompareReport
{
    public string Tool { get; init; } = RunReport.ToolName;
    public string Command { get; init; } = "compare";
    public int Seeds { get; init; }
    public int Budget { get; init; }
    public int GuardedBudget { get; init; }
    public int MaxSteps { get; init; }
    public IReadOnlyList<string> Strategies { get; init; } = [];
    public double ElapsedSeconds { get; init; }
    public int Cores { get; init; }
    public int ExitCode { get; init; }
    public IReadOnlyList<ScenarioComparison> Scenarios { get; init; } = [];
}

public sealed record ScenarioComparison
{
    public required string Name { get; init; }
    public string Reference { get; init; } = "";
    public IReadOnlyList<string> Expected { get; init; } = [];
    public IReadOnlyList<StrategyResult> Legacy { get; init; } = [];
    /// <summary>Per engine: schedules over seconds of all its Legacy runs of this scenario.</summary>
    public IReadOnlyDictionary<string, double> LegacySchedulesPerSecond { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<GuardedResult> Guarded { get; init; } = [];
    [JsonIgnore] public bool GuardedClean => Guarded.All(g => g.Clean);
}

public sealed record StrategyResult
{
    public required string Engine { get; init; }
    public required string Strategy { get; init; }
    public int Seeds { get; init; }
    public int Found { get; init; }
    /// <summary>Per seed (1..N): schedules until the first expected violation, null when none within the budget.</summary>
    public IReadOnlyList<long?> SchedulesToBug { get; init; } = [];
    public double? Median { get; init; }
    public double? Mean { get; init; }
    public long Schedules { get; init; }
    public double Seconds { get; init; }

    [JsonIgnore]
    public string Cell => Found == 0 ? $"- (0/{Seeds})" : $"{Median!.Value.ToString("0.#", CultureInfo.InvariantCulture)} ({Mean!.Value.ToString("0.#", CultureInfo.InvariantCulture)}) {Found}/{Seeds}";

    public static StrategyResult From(EngineChoice choice, List<long?> toBug, long schedules, double seconds)
    {
        var found = toBug.Where(x => x is not null).Select(x => (double)x!.Value).Order().ToList();
        return new StrategyResult
        {
            Engine = choice.Engine, Strategy = choice.Label, Seeds = toBug.Count, Found = found.Count, SchedulesToBug = toBug,
            Median = found.Count == 0 ? null : found.Count % 2 == 1 ? found[found.Count / 2] : (found[found.Count / 2 - 1] + found[found.Count / 2]) / 2,
            Mean = found.Count == 0 ? null : Math.Round(found.Average(), 2),
            Schedules = schedules, Seconds = Math.Round(seconds, 3),
        };
    }
}

public sealed record GuardedResult
{
    public required string Engine { get; init; }
    public required string Strategy { get; init; }
    public long Schedules { get; init; }
    public bool Clean { get; init; }
    public string? Violation { get; init; }
    public double SchedulesPerSecond { get; init; }
}
