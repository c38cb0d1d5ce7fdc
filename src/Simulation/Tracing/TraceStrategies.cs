// The strategy names a trace may record: the engine's strategies, a portfolio's "portfolio/<member>", the Coyote
// backend's "coyote/<strategy>", and the names the tools give a rewritten schedule. A trace naming anything else was
// edited by hand or by another tool.
namespace SimManila.Simulation;

public static class TraceStrategies
{
    /// <summary>Every name a strategy of this engine writes (SchedulingStrategy.Name), plus "minimized" (a schedule a
    /// minimizer rewrote); bounded DFS adds its bound ("dfs/preemptions&lt;=2") and reduction "+reduction" (see IsKnown). A test runs every StrategyKind and checks its traces name one of these.</summary>
    public static IReadOnlyList<string> Known { get; } = ["random", "prob-random", "pct", "pos", "dfs", "learning", "learning-uniform", "round-robin", "request-by-request", "guided", "replay", "minimized"];

    /// <summary>The strategies of the Coyote backend (src/Simulation.Coyote, CoyoteStrategies.ByName), whose traces name
    /// them "coyote/&lt;name&gt;"; a test there checks this list holds every one.</summary>
    public static IReadOnlyList<string> Coyote { get; } = ["portfolio", "random", "prioritization", "fair-prioritization", "probabilistic", "q-learning", "delay-bounding"];

    const string PortfolioPrefix = "portfolio/", CoyotePrefix = "coyote/";

    public static bool IsKnown(string? name) =>
        name is not null && (Known.Contains(name, StringComparer.Ordinal) || IsDfs(name)
            || (name.StartsWith(PortfolioPrefix, StringComparison.Ordinal) && Known.Contains(name[PortfolioPrefix.Length..], StringComparer.Ordinal))
            || (name.StartsWith(CoyotePrefix, StringComparison.Ordinal) && Coyote.Contains(name[CoyotePrefix.Length..], StringComparer.Ordinal)));

    /// <summary>"dfs", "dfs/preemptions&lt;=k" or "dfs/delays&lt;=k", each optionally with "+reduction" (DfsStrategy.Name).</summary>
    static bool IsDfs(string name)
    {
        if (name.EndsWith("+reduction", StringComparison.Ordinal)) name = name[..^"+reduction".Length];
        if (name == "dfs") return true;
        foreach (var prefix in (string[])["dfs/preemptions<=", "dfs/delays<="])
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length && name[prefix.Length..].All(char.IsAsciiDigit))
                return true;
        return false;
    }
}
