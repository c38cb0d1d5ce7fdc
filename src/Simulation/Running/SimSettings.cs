// Settings of an exploration run, validated up front with one clear error per bad value.
using System.Globalization;

namespace SimManila.Simulation;

public enum StrategyKind { Portfolio, Random, ProbabilisticRandom, Pct, Pos, Dfs, Learning }

public sealed record FaultSettings
{
    /// <summary>Fault sites that may fire, each "site" (may fire) or "site:plan" (once, always, nth=N, delay=MS; see
    /// FaultSitePlan); "*" enables every site. Empty: Fault() always returns false with no decision.</summary>
    public IReadOnlyList<string> EnabledSites { get; init; } = [];
    public double ActivationProbability { get; init; } = 0.25;
    public double FireProbability { get; init; } = 0.25;

    internal void Validate()
    {
        if (EnabledSites is null) throw new ArgumentException("Faults.EnabledSites: expected a list (possibly empty), got null", "settings");
        foreach (var entry in EnabledSites)
        {
            try
            {
                FaultSitePlan.Parse(entry);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException("Faults.EnabledSites: " + e.Message, "settings");
            }
        }
        if (!(ActivationProbability is >= 0 and <= 1))
            throw new ArgumentException($"Faults.ActivationProbability: expected a probability in [0, 1], got {ActivationProbability}", "settings");
        if (!(FireProbability is >= 0 and <= 1))
            throw new ArgumentException($"Faults.FireProbability: expected a probability in [0, 1], got {FireProbability}", "settings");
    }
}

/// <summary>Shard i of N (1-based): the iterations whose index % N == i - 1.</summary>
public sealed record Shard
{
    public Shard(int index, int count)
    {
        if (count < 1) throw new ArgumentException($"Shard: expected 'i/N' with N >= 1, got '{index}/{count}'", nameof(count));
        if (index < 1 || index > count) throw new ArgumentException($"Shard: expected 'i/N' with 1 <= i <= N, got '{index}/{count}'", nameof(index));
        Index = index;
        Count = count;
    }

    public int Index { get; }
    public int Count { get; }

    public static Shard Parse(string text)
    {
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw new ArgumentException($"Shard: expected 'i/N' with integers 1 <= i <= N (e.g. '2/4'), got '{text}'", nameof(text));
        return new Shard(i, n);
    }

    public bool Contains(long iteration) => iteration % Count == Index - 1;

    public override string ToString() => $"{Index}/{Count}";
}

public sealed record SimSettings
{
    public string ProgramName { get; init; } = "program";
    /// <summary>Stored in every trace the run writes (SimTrace.ProgramDescription), never read by the engine.</summary>
    public string? ProgramDescription { get; init; }
    public ulong Seed { get; init; }
    public int Iterations { get; init; } = 1000;
    public int MaxSteps { get; init; } = 10_000;
    public TimeSpan? TimeBudget { get; init; }
    public bool StopAtFirstBug { get; init; } = true;
    public int Parallelism { get; init; } = 1;
    public Shard? Shard { get; init; }
    public StrategyKind Strategy { get; init; } = StrategyKind.Portfolio;
    public int PctDepth { get; init; } = 3;
    /// <summary>DFS: bound the preemptions or the delays (iterative deepening from 0), or enumerate every schedule.</summary>
    public DfsBounding DfsBounding { get; init; } = DfsBounding.None;
    /// <summary>DFS with a bounding: the largest bound to deepen to.</summary>
    public int DfsMaxBound { get; init; } = int.MaxValue;
    /// <summary>DFS: prune schedules that differ from explored ones only in the order of commuting steps (sleep sets
    /// over the points' resources, see Simulator.ResourceDomain). Sound only for programs whose steps touch shared
    /// state through the resources their points name.</summary>
    public bool Reduction { get; init; }
    public FaultSettings Faults { get; init; } = new();
    /// <summary>Progress is reported every this many schedules (and once at the end).</summary>
    public int ProgressEvery { get; init; } = 1000;

    /// <summary>Throws one ArgumentException naming the first bad setting and what was expected.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ProgramName)) throw new ArgumentException("ProgramName: expected a non-empty name", "settings");
        if (Iterations <= 0) throw new ArgumentException($"Iterations: expected a positive number of iterations, got {Iterations}", "settings");
        if (MaxSteps <= 0) throw new ArgumentException($"MaxSteps: expected a positive step limit, got {MaxSteps}", "settings");
        if (PctDepth <= 0) throw new ArgumentException($"PctDepth: expected a PCT depth >= 1, got {PctDepth}", "settings");
        if (!Enum.IsDefined(DfsBounding)) throw new ArgumentException($"DfsBounding: expected one of {string.Join(", ", Enum.GetNames<DfsBounding>())}, got {DfsBounding}", "settings");
        if (DfsMaxBound < 0) throw new ArgumentException($"DfsMaxBound: expected a bound >= 0, got {DfsMaxBound}", "settings");
        if ((DfsBounding != DfsBounding.None || Reduction) && Strategy != StrategyKind.Dfs)
            throw new ArgumentException($"DfsBounding and Reduction: only for Strategy Dfs, got {Strategy}", "settings");
        if (Parallelism <= 0) throw new ArgumentException($"Parallelism: expected >= 1 worker threads, got {Parallelism}", "settings");
        if (TimeBudget is { } budget && budget <= TimeSpan.Zero) throw new ArgumentException($"TimeBudget: expected a positive duration, got {budget}", "settings");
        if (!Enum.IsDefined(Strategy)) throw new ArgumentException($"Strategy: expected one of {string.Join(", ", Enum.GetNames<StrategyKind>())}, got {Strategy}", "settings");
        if (ProgressEvery <= 0) throw new ArgumentException($"ProgressEvery: expected a positive number of schedules, got {ProgressEvery}", "settings");
        if (Faults is null) throw new ArgumentException("Faults: expected fault settings, got null", "settings");
        Faults.Validate();
    }
}
