// Options several commands share, and the checks that turn an impossible value into one clear message (exit 2).
using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Cli;

public static partial class CliOptions
{
    public static readonly IReadOnlyDictionary<string, StrategyKind> Strategies = new Dictionary<string, StrategyKind>(StringComparer.Ordinal)
    {
        ["portfolio"] = StrategyKind.Portfolio,
        ["learning"] = StrategyKind.Learning,
        ["random"] = StrategyKind.Random,
        ["pct"] = StrategyKind.Pct,
        ["pos"] = StrategyKind.Pos,
        ["dfs"] = StrategyKind.Dfs,
        ["probabilistic"] = StrategyKind.ProbabilisticRandom,
    };

    public static string Name(StrategyKind kind) => Strategies.First(s => s.Value == kind).Key;

    public static string Name(ConcurrencyPolicy policy) => policy.ToString().ToLowerInvariant();

    /// <summary>The run seed hunt and test use unless told otherwise (the catalogue gate's default too).</summary>
    public const ulong DefaultSeed = 20261121;

    /// <summary>Step limit per schedule: a whole Manila deployment's iteration takes a few hundred to a few thousand.</summary>
    public const int DefaultMaxSteps = 20_000;

    public static Option<ulong> Seed() => new("--seed")
    {
        Description = $"Run seed: the same seed and settings explore the same schedules (default {DefaultSeed})",
        DefaultValueFactory = _ => DefaultSeed,
    };

    public static Option<int> MaxSteps() => new("--max-steps")
    {
        Description = "Steps one schedule may take before it counts as a livelock (StepLimit)",
        DefaultValueFactory = _ => DefaultMaxSteps,
        HelpName = "N",
    };

    public static Option<string?> TimeBudget(string description) => new("--time-budget")
    {
        Description = description + " (e.g. 90s, 5m, 1h, 500ms; a bare number is seconds)",
        HelpName = "DURATION",
    };

    public static Option<string> Engine() => new Option<string>("--engine")
    {
        Description = "Exploration engine: ours (the default, one to three orders of magnitude faster per schedule) or coyote " +
                      "(Coyote's TestingEngine and strategies, its reproducible traces)",
        DefaultValueFactory = _ => EngineChoice.Ours,
    }.AcceptOnlyFromAmong([.. EngineChoice.Engines]);

    public static Option<int> Parallel() => new("--parallel")
    {
        Description = "Worker threads (default: all cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        HelpName = "N",
    };

    public static Option<string?> Json() => new("--json")
    {
        Description = "Also write a JSON summary to FILE ('simmanila merge' reads it)",
        HelpName = "FILE",
    };

    public static Option<string?> JUnit() => new("--junit")
    {
        Description = "Also write a JUnit XML report to FILE (one testcase per scenario and policy)",
        HelpName = "FILE",
    };

    public static int NonNegative(string option, int value) =>
        value >= 0 ? value : throw new UsageException($"{option}: expected a number >= 0, got {value}");

    public static int Positive(string option, int value) =>
        value > 0 ? value : throw new UsageException($"{option}: expected a positive number, got {value}");

    public static IReadOnlyList<ConcurrencyPolicy> Policies(string text) => text switch
    {
        "legacy" => [ConcurrencyPolicy.Legacy],
        "guarded" => [ConcurrencyPolicy.Guarded],
        "both" => [ConcurrencyPolicy.Legacy, ConcurrencyPolicy.Guarded],
        _ => throw new UsageException($"--policy: expected legacy, guarded or both, got '{text}'"),
    };

    public static Shard? ParseShard(string? text)
    {
        if (text is null) return null;
        try
        {
            return Shard.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--shard {text}: expected i/N with 1 <= i <= N (e.g. 2/4): " +
                e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
        }
    }

    /// <summary>A year: longer is a typo, and much longer overflows TimeSpan.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(365);

    [GeneratedRegex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();

    public static TimeSpan? ParseDuration(string option, string? text)
    {
        if (text is null) return null;
        TimeSpan value;
        var match = DurationPattern().Match(text);
        if (match.Success)
        {
            double n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            double seconds = n * match.Groups["unit"].Value.ToLowerInvariant() switch { "ms" => 0.001, "m" => 60, "h" => 3600, _ => 1 };
            // Checked in seconds first: TimeSpan overflows past about 29,000 years.
            if (seconds > LongestDuration.TotalSeconds)
                throw new UsageException($"{option}: expected at most {LongestDuration.TotalDays:0} days, got '{text}'");
            value = TimeSpan.FromTicks((long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond));
        }
        else if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value))
        {
            throw new UsageException($"{option}: expected a duration such as 90s, 5m, 1h or 500ms, got '{text}'");
        }
        if (value <= TimeSpan.Zero) throw new UsageException($"{option}: expected a positive duration, got '{text}'");
        if (value > LongestDuration) throw new UsageException($"{option}: expected at most {LongestDuration.TotalDays:0} days, got '{text}'");
        return value;
    }

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + "s";

    public static string Rate(double perSecond) => perSecond.ToString("0", CultureInfo.InvariantCulture) + "/s";
}
