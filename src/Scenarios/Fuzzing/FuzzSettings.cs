// Settings of a fuzz run: how many random workloads, how many schedules each, under which policies, with which
// strategy and faults, on how many workers, and how far to shrink what it finds.
using SimManila.Model;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios.Fuzzing;

public sealed record FuzzSettings
{
    public ulong Seed { get; init; }
    public long Workloads { get; init; } = 100;
    /// <summary>Explore only these workload indices (of 0 .. Workloads - 1 as drawn for this seed); null: all of them.</summary>
    public IReadOnlyList<long>? OnlyWorkloads { get; init; }
    public int SchedulesPerWorkload { get; init; } = 60;
    public IReadOnlyList<ConcurrencyPolicy> Policies { get; init; } = [ConcurrencyPolicy.Legacy, ConcurrencyPolicy.Guarded];
    public StrategyKind Strategy { get; init; } = StrategyKind.Random;
    public int PctDepth { get; init; } = 3;
    public FaultMode Faults { get; init; } = FaultMode.On;
    public int MaxSteps { get; init; } = 20_000;
    public TimeSpan? TimeBudget { get; init; }
    public int Parallelism { get; init; } = 1;
    public Shard? Shard { get; init; }
    /// <summary>Stop once a violation is found (every workload below it is still explored).</summary>
    public bool StopAtFirstViolation { get; init; }
    public DatabaseProvider Database { get; init; } = DatabaseProvider.InMemory;
    /// <summary>Violation groups shrunk to a scenario file, first found first; the rest are listed as found.</summary>
    public int MaxShrinks { get; init; } = 10;
    /// <summary>Schedules each shrink candidate gets (at least the workload's own): a smaller workload may need other
    /// schedules to fail the same way.</summary>
    public int SchedulesPerShrinkCandidate { get; init; } = 200;

    /// <summary>Throws one ArgumentException naming the first bad setting and what was expected.</summary>
    public void Validate()
    {
        if (Workloads <= 0) throw new ArgumentException($"Workloads: expected a positive number of workloads, got {Workloads}", "settings");
        if (SchedulesPerWorkload <= 0) throw new ArgumentException($"SchedulesPerWorkload: expected a positive number of schedules, got {SchedulesPerWorkload}", "settings");
        if (Policies is null || Policies.Count == 0) throw new ArgumentException("Policies: expected at least one policy", "settings");
        if (Strategy == StrategyKind.Dfs) throw new ArgumentException("Strategy: dfs explores one tree of schedules; fuzzing samples (random, pct, pos, probabilistic, portfolio)", "settings");
        if (OnlyWorkloads is { } only && only.Any(k => k < 0))
            throw new ArgumentException($"OnlyWorkloads: expected workload indices >= 0, got {only.First(k => k < 0)}", "settings");
        if (MaxShrinks < 0) throw new ArgumentException($"MaxShrinks: expected zero or more, got {MaxShrinks}", "settings");
        ExploreSettings(0).Validate();
    }

    /// <summary>How one workload is explored: its own seed, one thread (the workloads are spread over the workers).</summary>
    public SimSettings ExploreSettings(ulong workloadSeed, int? schedules = null) => new()
    {
        Seed = workloadSeed, Iterations = schedules ?? SchedulesPerWorkload, MaxSteps = MaxSteps, Strategy = Strategy, PctDepth = PctDepth,
        StopAtFirstBug = true, Parallelism = 1,
    };
}
