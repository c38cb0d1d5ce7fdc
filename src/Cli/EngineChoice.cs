// One exploration engine and strategy as the command line runs it: ours (SimRunner, the default) or Coyote's
// TestingEngine (CoyoteRunner). `test --engine` and `compare` choose through it, so both read settings the same way.
using SimManila.Simulation;
using SimManila.Simulation.Coyote;

namespace SimManila.Cli;

public sealed record EngineChoice
{
    public const string Ours = "ours", Coyote = "coyote";
    public static readonly IReadOnlyList<string> Engines = [Ours, Coyote];

    public required string Engine { get; init; }
    /// <summary>The strategy's command-line name within its engine.</summary>
    public required string Strategy { get; init; }
    /// <summary>Coyote only: the strategy's bound (priority change points, delays, probabilistic level); null keeps Coyote's.</summary>
    public uint? Bound { get; init; }

    public bool IsCoyote => Engine == Coyote;

    /// <summary>"portfolio" for ours, "coyote/q-learning" for Coyote's: how reports and trace names tell them apart.</summary>
    public string Label => IsCoyote ? $"{Coyote}/{Strategy}" : Strategy;

    /// <summary>Every strategy name of an engine, in help order.</summary>
    public static IReadOnlyList<string> StrategiesOf(string engine) =>
        engine == Coyote ? [.. CoyoteStrategies.ByName.Keys] : [.. CliOptions.Strategies.Keys];

    /// <summary>The engine's strategy of that name, or bad input that says which engine has it.</summary>
    public static EngineChoice Parse(string engine, string strategy, uint? bound = null)
    {
        if (!Engines.Contains(engine)) throw new UsageException($"--engine: expected ours or coyote, got '{engine}'");
        if (!StrategiesOf(engine).Contains(strategy))
        {
            var other = engine == Ours ? Coyote : Ours;
            throw StrategiesOf(other).Contains(strategy)
                ? new UsageException($"--strategy {strategy} is one of {(other == Coyote ? "Coyote's" : "our engine's")} strategies: add --engine {other}",
                    $"--engine {engine} has: {string.Join(", ", StrategiesOf(engine))}")
                : new UsageException($"--strategy: unknown strategy '{strategy}'", $"--engine {engine} has: {string.Join(", ", StrategiesOf(engine))}");
        }
        var choice = new EngineChoice { Engine = engine, Strategy = strategy };
        return engine == Coyote && bound is not null && CoyoteStrategies.TakesBound(CoyoteStrategies.ByName[strategy]) ? choice with { Bound = bound } : choice;
    }

    /// <summary>Explores with this engine and strategy. Coyote's runs keep our settings' meaning (iterations, max steps,
    /// seed, time budget, until the first bug) and ignore Parallelism: one TestingEngine runs one iteration at a time.</summary>
    public (RunSummary summary, IReadOnlyList<CoyoteTrace?> coyoteTraces) Explore(SimSettings settings, Action<Simulator> program,
        IProgress<RunProgress>? progress = null)
    {
        if (!IsCoyote) return (SimRunner.Explore(settings with { Strategy = CliOptions.Strategies[Strategy] }, program, progress), []);
        var run = CoyoteRunner.Explore(settings with { Parallelism = 1 }, CoyoteStrategies.ByName[Strategy], program, progress, Bound);
        return (run.Summary, run.CoyoteTraces);
    }
}
