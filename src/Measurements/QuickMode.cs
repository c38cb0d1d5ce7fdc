// Quick mode: each measurement adds its entries to one JSON line; later issues add a measurement class, nothing else.
// Shared by `bench quick` and the simmanila CLI's `bench` command.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SimManila.Simulation;

namespace SimManila.Measurements;

/// <summary>One entry group of the quick JSON line (e.g. engine steps/s, later service schedules/s).</summary>
public interface IQuickMeasurement
{
    /// <summary>Short name for selecting it (engine, service, topology, memory).</summary>
    string Name { get; }

    /// <summary>Adds this measurement's entries. <paramref name="timeScale"/> multiplies every measuring and warm-up
    /// duration (1 = the published figures; smaller only to check that the measurement runs).</summary>
    void Measure(IDictionary<string, object> results, double timeScale = 1.0);
}

public static class QuickMode
{
    /// <summary>The measurements quick mode runs, in order. Add new ones here.</summary>
    public static readonly List<IQuickMeasurement> Measurements =
    [
        new EngineThroughput(),
        new ServiceThroughput(),
        new TopologyThroughput(),
        new CoyoteServiceThroughput(),
    ];

    /// <summary>Runs the measurements and prints their one JSON line on stdout.</summary>
    public static int Run(IEnumerable<IQuickMeasurement> measurements)
    {
        Console.WriteLine(ToJson(Measure(measurements)));
        return 0;
    }

    /// <summary>Every entry of the measurements, in ordinal key order, with the JIT mode they ran under.</summary>
    public static SortedDictionary<string, object> Measure(IEnumerable<IQuickMeasurement> measurements, double timeScale = 1.0)
    {
        var results = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var m in measurements) m.Measure(results, timeScale);
        results["tiered_compilation"] = TieredCompilation;
        return results;
    }

    /// <summary>Whether this process runs with tiered compilation: the environment overrides the runtimeconfig.</summary>
    public static bool TieredCompilation
    {
        get
        {
            var variable = Environment.GetEnvironmentVariable("DOTNET_TieredCompilation")
                ?? Environment.GetEnvironmentVariable("COMPlus_TieredCompilation");
            if (variable is not null) return variable != "0";
            return AppContext.GetData("System.Runtime.TieredCompilation") is not (false or "false" or "False");
        }
    }

    /// <summary>The one JSON line: keys in order, large numbers without decimals.</summary>
    public static string ToJson(IEnumerable<KeyValuePair<string, object>> results)
    {
        var json = new StringBuilder("{");
        foreach (var (key, value) in results)
        {
            if (json.Length > 1) json.Append(", ");
            json.Append('"').Append(key).Append("\": ");
            json.Append(Format(value, quoteStrings: true));
        }
        return json.Append('}').ToString();
    }

    /// <summary>A value as the JSON line writes it (strings quoted when <paramref name="quoteStrings"/>).</summary>
    public static string Format(object value, bool quoteStrings = false) => value switch
    {
        double d => d.ToString(Math.Abs(d) >= 1000 ? "F0" : "0.###", CultureInfo.InvariantCulture),
        string s => quoteStrings ? "\"" + s + "\"" : s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => quoteStrings ? "\"" + value + "\"" : value.ToString() ?? "",
    };

    /// <summary>
    /// Warms the program up until its throughput is steady, then returns the best of three one-second windows. Steady
    /// means the runtime has finished optimising the hot code (tiered compilation, dynamic PGO): no window improved on
    /// the best by more than 5% and the JIT compiled almost nothing, twice in a row, after at least
    /// <paramref name="minWarmupSeconds"/> and at most 30 s. The figure is one core's: the measuring windows run on
    /// one thread while the JIT is quiet.
    /// </summary>
    public static (double steps, double schedules, double warmupSeconds) SteadyThroughput(StrategyKind strategy,
        Action<Simulator> program, double minWarmupSeconds, double timeScale = 1.0)
    {
        const double MaxWarmupSeconds = 30, Window = 1.0;
        const int QuietWindows = 2, QuietJitMethods = 20;
        var clock = Stopwatch.StartNew();
        double best = 0;
        for (int quiet = 0; quiet < QuietWindows && clock.Elapsed.TotalSeconds < MaxWarmupSeconds * timeScale;)
        {
            long compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
            var (_, schedules) = Throughput(strategy, program, Window * timeScale);
            bool jitQuiet = System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore < QuietJitMethods;
            quiet = jitQuiet && schedules <= best * 1.05 && clock.Elapsed.TotalSeconds >= minWarmupSeconds * timeScale ? quiet + 1 : 0;
            best = Math.Max(best, schedules);
        }
        double warmup = clock.Elapsed.TotalSeconds;
        (double steps, double schedules) top = (0, 0);
        for (int run = 0; run < 3; run++)
        {
            var measured = Throughput(strategy, program, Window * timeScale);
            if (measured.schedules > top.schedules) top = measured;
        }
        return (top.steps, top.schedules, warmup);
    }

    /// <summary>Explores the program single-threaded for about `seconds` and returns (steps/s, schedules/s).</summary>
    public static (double steps, double schedules) Throughput(StrategyKind strategy, Action<Simulator> program, double seconds)
    {
        var settings = new SimSettings
        {
            ProgramName = "bench-" + strategy, Seed = 1, Iterations = int.MaxValue, Strategy = strategy,
            TimeBudget = TimeSpan.FromSeconds(seconds), StopAtFirstBug = true,
        };
        var summary = SimRunner.Explore(settings, program);
        if (summary.Bugs.Count > 0) throw new InvalidOperationException("bench program has a bug: " + summary.Bugs[0]);
        double elapsed = summary.Elapsed.TotalSeconds;
        return (summary.TotalSteps / elapsed, summary.Schedules / elapsed);
    }
}

/// <summary>
/// Scheduling steps and schedules per second on one core, decisions recorded, per strategy: each strategy warmed up to
/// steady throughput, then the best of three one-second runs, because this machine kind is shared and noisy.
/// </summary>
public sealed class EngineThroughput : IQuickMeasurement
{
    public string Name => "engine";

    static readonly (string prefix, StrategyKind kind)[] Strategies =
        [("", StrategyKind.Random), ("pct_", StrategyKind.Pct), ("pos_", StrategyKind.Pos), ("portfolio_", StrategyKind.Portfolio)];

    public void Measure(IDictionary<string, object> results, double timeScale = 1.0)
    {
        foreach (var (prefix, kind) in Strategies)
        {
            var (steps, schedules, _) = QuickMode.SteadyThroughput(kind, BenchPrograms.FourByFifty, minWarmupSeconds: 1, timeScale);
            results[prefix + "steps_per_sec"] = steps;
            results[prefix + "schedules_per_sec"] = schedules;
        }
    }
}

/// <summary>
/// Working set before, after 100,000 and after 1,000,000 schedules of the 4x50 program (Random, recording on):
/// flat memory means the last two agree (the first includes the JIT, tiering and the GC's initial budget).
/// </summary>
public sealed class MemoryFlatness : IQuickMeasurement
{
    public string Name => "memory";

    public const int Schedules = 1_000_000;
    const int Early = 100_000;

    sealed class Sampler : IProgress<RunProgress>
    {
        public long WorkingSetAtEarly;

        public void Report(RunProgress value)
        {
            if (value.Schedules == Early) WorkingSetAtEarly = Process.GetCurrentProcess().WorkingSet64;
        }
    }

    public void Measure(IDictionary<string, object> results, double timeScale = 1.0)
    {
        QuickMode.Throughput(StrategyKind.Random, BenchPrograms.FourByFifty, 0.5 * timeScale);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long before = Process.GetCurrentProcess().WorkingSet64;
        var sampler = new Sampler();
        var clock = Stopwatch.StartNew();
        var summary = SimRunner.Explore(new SimSettings
        {
            ProgramName = "bench-memory", Seed = 2, Iterations = Math.Max(Early, (int)(Schedules * Math.Min(1.0, timeScale))), Strategy = StrategyKind.Random,
        }, BenchPrograms.FourByFifty, sampler);
        double seconds = clock.Elapsed.TotalSeconds;
        long after = Process.GetCurrentProcess().WorkingSet64;
        const double MB = 1024.0 * 1024.0;
        results["memory_schedules"] = summary.Schedules;
        results["memory_seconds"] = seconds;
        results["working_set_before_mb"] = before / MB;
        results["working_set_after_100k_mb"] = sampler.WorkingSetAtEarly / MB;
        results["working_set_after_mb"] = after / MB;
        results["managed_heap_after_mb"] = GC.GetTotalMemory(true) / MB;
        results["memory_distinct_schedules"] = summary.DistinctSchedules;
        results["memory_distinct_is_estimate"] = summary.DistinctIsEstimate;
    }
}
