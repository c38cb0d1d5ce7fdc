// A scenario run at another point of Manila's history: with fixes switched off (`simmanila test --without-fix ID`) or
// with every fix on (Manila as it is now: what a fix scenario must show clean).
using SimManila.Services.History;

namespace SimManila.Scenarios;

public static class ScenarioHistory
{
    /// <summary>The scenario with <paramref name="fixes"/> switched off too (Legacy runs Manila as it was before them).</summary>
    public static Scenario WithoutFixes(Scenario scenario, IEnumerable<Fix> fixes) => scenario with
    {
        Topology = scenario.Topology with
        {
            ReproduceFixedBugs = [.. scenario.Topology.ReproduceFixedBugs.Union(fixes.Select(f => f.Id), StringComparer.Ordinal)],
        },
    };

    /// <summary>The scenario with every fix on: Manila as it is now.</summary>
    public static Scenario WithEveryFix(Scenario scenario) => scenario with
    {
        Topology = scenario.Topology with { ReproduceFixedBugs = [] },
    };

    /// <summary>The catalogue's scenarios that reproduce <paramref name="fix"/> (those that switch it off).</summary>
    public static IReadOnlyList<Scenario> Demonstrating(Fix fix, IEnumerable<Scenario> catalogue) =>
        [.. catalogue.Where(s => s.Topology.ReproduceFixedBugs.Contains(fix.Id, StringComparer.Ordinal))];
}
