// The strategy names a trace may record: the engine's strategies, a portfolio's "portfolio/<member>", and the names
// the tools give a rewritten schedule. A trace naming anything else was edited by hand or by another tool.
namespace SimManila.Simulation;

public static class TraceStrategies
{
    /// <summary>Every name a strategy of this engine writes (SchedulingStrategy.Name), plus "minimized" (a schedule a
    /// minimizer rewrote). A test runs every StrategyKind and checks its traces name one of these.</summary>
    public static IReadOnlyList<string> Known { get; } = ["random", "prob-random", "pct", "pos", "dfs", "guided", "replay", "minimized"];

    const string PortfolioPrefix = "portfolio/";

    public static bool IsKnown(string? name) =>
        name is not null && (Known.Contains(name, StringComparer.Ordinal)
            || (name.StartsWith(PortfolioPrefix, StringComparison.Ordinal) && Known.Contains(name[PortfolioPrefix.Length..], StringComparer.Ordinal)));
}
