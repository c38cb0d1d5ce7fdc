// `first-bug`: schedules to the first bug per catalogue scenario and strategy over several seeds (mean and median),
// the figures strategy changes are judged by. Counts, not time: the same command prints the same table on any machine.
using System.Globalization;
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Bench;

public static class FirstBugMode
{
    public const string Usage =
        "first-bug [--seeds N] [--first-seed S] [--cap N] [--strategies portfolio,random,...] [--only a,b] [--policy legacy|guarded] " +
        "[--parallel N] [--scenarios DIR]";

    public static int Run(string[] args)
    {
        int seeds = 10, cap = 2000, parallel = Environment.ProcessorCount;
        ulong firstSeed = 1;
        var strategies = new List<StrategyKind> { StrategyKind.Portfolio };
        string[] only = [];
        var policy = ConcurrencyPolicy.Legacy;
        string directory = FindScenarios();
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]}: expected a value");
                switch (args[i])
                {
                    case "--seeds": seeds = Positive(args[i], Value()); break;
                    case "--first-seed": firstSeed = ulong.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--cap": cap = Positive(args[i], Value()); break;
                    case "--parallel": parallel = Positive(args[i], Value()); break;
                    case "--strategies": strategies = Value().Split(',').Select(ParseStrategy).ToList(); break;
                    case "--only": only = Value().Split(','); break;
                    case "--policy": policy = Enum.Parse<ConcurrencyPolicy>(Value(), ignoreCase: true); break;
                    case "--scenarios": directory = Value(); break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine($"bench first-bug: {ex.Message}\nusage: {Usage}");
            return 2;
        }

        var scenarios = ScenarioLoader.LoadDirectory(directory).Where(s => only.Length == 0 || only.Contains(s.Name)).ToList();
        var work = (from s in scenarios from k in strategies from seed in Enumerable.Range(0, seeds) select (s, k, seed)).ToList();
        var counts = new long[work.Count];
        int next = -1;
        var threads = Enumerable.Range(0, Math.Min(parallel, work.Count)).Select(_ => new Thread(() =>
        {
            for (int w; (w = Interlocked.Increment(ref next)) < work.Count;)
            {
                var (scenario, kind, seed) = work[w];
                var settings = new SimSettings
                {
                    Seed = firstSeed + (ulong)seed, Iterations = cap, MaxSteps = 20_000, StopAtFirstBug = true, Strategy = kind,
                };
                var outcome = ScenarioExplorer.Explore(scenario, policy, settings);
                counts[w] = outcome.Bug is null ? -1 : outcome.SchedulesToBug;
            }
        }, 16 * 1024 * 1024)).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Console.WriteLine($"Schedules to the first bug under {policy}, seeds {firstSeed}..{firstSeed + (ulong)seeds - 1}, cap {cap} " +
                          "(mean / median; a seed that found nothing counts as the cap and is marked with its number of misses)");
        Console.WriteLine();
        Console.WriteLine("| scenario | " + string.Join(" | ", strategies.Select(k => k.ToString())) + " |");
        Console.WriteLine("|---|" + string.Concat(strategies.Select(_ => "---|")));
        var means = new double[strategies.Count];
        for (int si = 0; si < scenarios.Count; si++)
        {
            var cells = new List<string>();
            for (int ki = 0; ki < strategies.Count; ki++)
            {
                var row = Enumerable.Range(0, seeds).Select(seed => counts[(si * strategies.Count + ki) * seeds + seed]).ToList();
                int misses = row.Count(c => c < 0);
                var values = row.Select(c => c < 0 ? cap : c).OrderBy(c => c).ToList();
                double mean = values.Average();
                double median = seeds % 2 == 1 ? values[seeds / 2] : (values[seeds / 2 - 1] + values[seeds / 2]) / 2.0;
                means[ki] += mean;
                cells.Add(string.Create(CultureInfo.InvariantCulture, $"{mean:0.#} / {median:0.#}") + (misses > 0 ? $" ({misses} missed)" : ""));
            }
            Console.WriteLine($"| {scenarios[si].Name} | {string.Join(" | ", cells)} |");
        }
        Console.WriteLine("| (sum of means) | " + string.Join(" | ", means.Select(m => m.ToString("0.#", CultureInfo.InvariantCulture))) + " |");
        return 0;
    }

    static int Positive(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ArgumentException($"{option}: expected a positive number, got '{text}'");

    static StrategyKind ParseStrategy(string name) =>
        Enum.TryParse<StrategyKind>(name, ignoreCase: true, out var kind) && kind != StrategyKind.Dfs
            ? kind
            : throw new ArgumentException($"--strategies: '{name}' is not one of {string.Join(", ", Enum.GetNames<StrategyKind>().Where(n => n != "Dfs"))}");

    /// <summary>scenarios/ of the repository above the current directory.</summary>
    static string FindScenarios()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "scenarios", "scenario.schema.json"))) return Path.Combine(dir.FullName, "scenarios");
        return "scenarios";
    }
}
