// Coyote's exploration strategies as the command line names them, and how each is set on a Coyote Configuration.
using Microsoft.Coyote;

namespace SimManila.Simulation.Coyote;

public enum CoyoteStrategy { Portfolio, Random, Prioritization, FairPrioritization, Probabilistic, QLearning, DelayBounding }

public static class CoyoteStrategies
{
    /// <summary>Command-line names, in the order help and tables list them.</summary>
    public static readonly IReadOnlyDictionary<string, CoyoteStrategy> ByName = new Dictionary<string, CoyoteStrategy>(StringComparer.Ordinal)
    {
        ["portfolio"] = CoyoteStrategy.Portfolio,
        ["random"] = CoyoteStrategy.Random,
        ["prioritization"] = CoyoteStrategy.Prioritization,
        ["fair-prioritization"] = CoyoteStrategy.FairPrioritization,
        ["probabilistic"] = CoyoteStrategy.Probabilistic,
        ["q-learning"] = CoyoteStrategy.QLearning,
        ["delay-bounding"] = CoyoteStrategy.DelayBounding,
    };

    public static string Name(CoyoteStrategy strategy) => ByName.First(s => s.Value == strategy).Key;

    /// <summary>True for the strategies that take a bound (priority change points, delays, or the probabilistic
    /// strategy's level k: switch with probability 2^-k).</summary>
    public static bool TakesBound(CoyoteStrategy strategy) =>
        strategy is CoyoteStrategy.Prioritization or CoyoteStrategy.FairPrioritization or CoyoteStrategy.Probabilistic or CoyoteStrategy.DelayBounding;

    /// <summary>Sets the strategy; a null bound keeps Coyote's default (10 change points or delays, level 3). The
    /// portfolio is Coyote's default configuration (fair mode: random, probabilistic, prioritization, delay bounding
    /// in turn, one per iteration); its make-up is internal to Coyote 1.7.11.</summary>
    internal static Configuration Apply(Configuration configuration, CoyoteStrategy strategy, uint? bound) => strategy switch
    {
        CoyoteStrategy.Portfolio => configuration,
        CoyoteStrategy.Random => configuration.WithRandomStrategy(),
        CoyoteStrategy.Prioritization => configuration.WithPrioritizationStrategy(false, bound ?? 10),
        CoyoteStrategy.FairPrioritization => configuration.WithPrioritizationStrategy(true, bound ?? 10),
        CoyoteStrategy.Probabilistic => configuration.WithProbabilisticStrategy(bound ?? 3),
        CoyoteStrategy.QLearning => configuration.WithQLearningStrategy(),
        CoyoteStrategy.DelayBounding => configuration.WithDelayBoundingStrategy(false, bound ?? 10),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "unknown Coyote strategy"),
    };
}
