// The strategy names a trace may record: the engine's strategies, a portfolio's "portfolio/<member>", the Coyote
// backend's "coyote/<strategy>", and the names the tools give a rewritten schedule. A trace naming anything else was
// edited by hand or by another tool.
namespace SimManila.Simulation;

public static class TraceStrategies
{
    /// <summary>Every name a strategy of this engine writes (SchedulingStrategy.Name), plus "minimized" (a schedule a
    /// minimizer rewrote). A test runs every StrategyKind and checks its traces name one of these.</summary>
    public static IReadOnlyList<string> Known { get; } = ["random", "prob-random", "pct", "pos", "dfs", "guided", "replay", "minimized"];

    /// <summary>The strategies of the Coyote backend (src/Simulation.Coyote, CoyoteStrategies.ByName), whose traces name
    /// them "coyote/&lt;name&gt;"; a test there checks this list holds every one.</summary>
    public static IReadOnlyList<string> Coyote { get; } = ["portfolio", "random", "prioritization", "fair-prioritization", "probabilistic", "q-learning", "delay-bounding"];

    const string PortfolioPrefix = "portfolio/", CoyotePrefix = "coyote/";

    public static bool IsKnown(string? name) =>
        name is not null && (Known.Contains(name, StringComparer.Ordinal)
            || (name.StartsWith(PortfolioPrefix, StringComparison.Ordinal) && Known.Contains(name[PortfolioPrefix.Length..], StringComparer.Ordinal))
            || (name.StartsWith(CoyotePrefix, StringComparison.Ordinal) && Coyote.Contains(name[CoyotePrefix.Length..], StringComparer.Ordinal)));
}
