// The per-run view of fault settings: which sites are enabled and with which plan, looked up without allocating.
// An enabled site is written "site" (may fire, FoundationDB-style) or "site:plan" with plan once, always, nth=N or
// delay=MS; a plan is deterministic, so the strategy chooses only where in the interleaving the faulted call lands.
using System.Globalization;

namespace SimManila.Simulation;

public enum FaultPlanKind
{
    /// <summary>Activated per iteration with ActivationProbability at first reach, then fires with FireProbability.</summary>
    MayFire,
    /// <summary>Fires on the n-th reach of the site in the iteration (once = the first), never again.</summary>
    Nth,
    /// <summary>Fires on every reach.</summary>
    Always,
    /// <summary>Never fires; every reach is slowed by a fixed virtual delay (Simulator.FaultDelay).</summary>
    Delay,
}

/// <summary>One site's plan: a kind, N for Nth, the delay for Delay.</summary>
public readonly record struct FaultSitePlan(FaultPlanKind Kind, int N = 0, TimeSpan Delay = default)
{
    public static readonly FaultSitePlan MayFire = new(FaultPlanKind.MayFire);

    /// <summary>The plan part of "site:plan" as written (empty for may-fire).</summary>
    public override string ToString() => Kind switch
    {
        FaultPlanKind.MayFire => "may",
        FaultPlanKind.Nth => N == 1 ? "once" : $"nth={N}",
        FaultPlanKind.Always => "always",
        _ => $"delay={(long)Delay.TotalMilliseconds}",
    };

    /// <summary>Parses "site" or "site:plan" into the site and its plan; throws ArgumentException naming what is wrong.</summary>
    public static (string Site, FaultSitePlan Plan) Parse(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        int colon = entry.IndexOf(':');
        var site = colon < 0 ? entry : entry[..colon];
        if (site.Length == 0) throw new ArgumentException($"fault site '{entry}': expected a site name before ':'");
        if (colon < 0) return (site, MayFire);
        var plan = entry[(colon + 1)..];
        if (plan == "may") return (site, MayFire);
        if (plan == "once") return (site, new FaultSitePlan(FaultPlanKind.Nth, 1));
        if (plan == "always") return (site, new FaultSitePlan(FaultPlanKind.Always));
        if (plan.StartsWith("nth=", StringComparison.Ordinal) && int.TryParse(plan[4..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1)
            return (site, new FaultSitePlan(FaultPlanKind.Nth, n));
        if (plan.StartsWith("delay=", StringComparison.Ordinal) && int.TryParse(plan[6..], NumberStyles.None, CultureInfo.InvariantCulture, out int ms) && ms >= 1)
            return (site, new FaultSitePlan(FaultPlanKind.Delay, 0, TimeSpan.FromMilliseconds(ms)));
        throw new ArgumentException($"fault site '{entry}': unknown plan '{plan}'; expected may, once, always, nth=N (N >= 1) or delay=MS (MS >= 1)");
    }
}

internal sealed class FaultPlan
{
    readonly Dictionary<string, FaultSitePlan> sites = new(StringComparer.Ordinal);
    readonly bool all;

    public FaultPlan(FaultSettings settings)
    {
        Settings = settings;
        foreach (var entry in settings.EnabledSites)
        {
            var (site, plan) = FaultSitePlan.Parse(entry);
            if (site == "*") all = true;
            else sites[site] = plan;
        }
        Any = all || sites.Count > 0;
    }

    public FaultSettings Settings { get; }
    public bool Any { get; }
    public bool IsEnabled(string site) => all || sites.ContainsKey(site);

    /// <summary>The site's plan; "*" enables every other site as may-fire.</summary>
    public bool TryGetPlan(string site, out FaultSitePlan plan)
    {
        if (sites.TryGetValue(site, out plan)) return true;
        plan = FaultSitePlan.MayFire;
        return all;
    }
}
