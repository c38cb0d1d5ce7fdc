// What a hand-written race test sets: the policy, the deployment, the database, the strategy, the budget, the faults.
// Defaults suit an xunit test: the portfolio strategy, 200 schedules, a fixed seed, one thread.
using SimManila.Model;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios.Testing;

public sealed record ManilaRaceSettings
{
    /// <summary>Names the traces a failure writes (ManilaRace uses "&lt;Name&gt;/&lt;policy&gt;").</summary>
    public string Name { get; init; } = "manila-race";
    public ConcurrencyPolicy Policy { get; init; } = ConcurrencyPolicy.Guarded;
    /// <summary>The deployment: API workers, backends and their capabilities, periodic tasks. Its Policy and Database
    /// are replaced by this record's.</summary>
    public Topology Topology { get; init; } = new();
    public DatabaseProvider Database { get; init; } = DatabaseProvider.InMemory;
    public StrategyKind Strategy { get; init; } = StrategyKind.Portfolio;
    /// <summary>Schedules to explore.</summary>
    public int Schedules { get; init; } = 200;
    /// <summary>Fixed by default, so a failure reproduces; vary it (e.g. from SIMMANILA_SEED) to explore more.</summary>
    public ulong Seed { get; init; } = 1;
    public int MaxSteps { get; init; } = 20_000;
    public TimeSpan? TimeBudget { get; init; }
    public int PctDepth { get; init; } = 3;
    /// <summary>Fault sites the exploration may fire once the race starts, e.g. "driver.delete_share", "rpc.lost".</summary>
    public IReadOnlyList<string> Faults { get; init; } = [];
    /// <summary>Worker threads; results do not depend on it.</summary>
    public int Parallelism { get; init; } = 1;

    internal SimSettings ToSimSettings() => new()
    {
        ProgramName = $"{Name}/{Policy.ToString().ToLowerInvariant()}",
        Seed = Seed, Iterations = Schedules, MaxSteps = MaxSteps, TimeBudget = TimeBudget, Strategy = Strategy, PctDepth = PctDepth,
        Parallelism = Parallelism, Faults = new FaultSettings { EnabledSites = Faults },
    };

    internal Topology ToTopology() => Topology with { Policy = Policy, Database = Database };
}
