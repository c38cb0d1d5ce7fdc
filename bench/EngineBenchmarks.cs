// BenchmarkDotNet suites: one iteration (schedule) of the 4x50 program per strategy, and a batch for steps/s.
using BenchmarkDotNet.Attributes;
using SimManila.Measurements;
using SimManila.Simulation;

namespace SimManila.Bench;

// In-process: BenchmarkDotNet's generated project looks for an exe named after Bench.csproj, but the assembly is
// SimManila.Bench (the repository's naming rule).
[MemoryDiagnoser]
[InProcess]
public class EngineBenchmarks
{
    public const int SchedulesPerInvoke = 100;

    [Params(StrategyKind.Random, StrategyKind.Pct, StrategyKind.Pos, StrategyKind.Portfolio)]
    public StrategyKind Strategy { get; set; }

    SimSettings settings = null!;

    [GlobalSetup]
    public void Setup() => settings = new SimSettings
    {
        ProgramName = "bdn-4x50", Seed = 1, Iterations = SchedulesPerInvoke, Strategy = Strategy,
    };

    /// <summary>100 schedules of 204 steps each: divide by 20,400 for the time per step.</summary>
    [Benchmark(OperationsPerInvoke = SchedulesPerInvoke)]
    public long Schedules4x50() => SimRunner.Explore(settings, BenchPrograms.FourByFifty).TotalSteps;
}
