// The per-run view of fault settings: which sites are enabled, looked up without allocating.
namespace SimManila.Simulation;

internal sealed class FaultPlan
{
    readonly HashSet<string> sites;
    readonly bool all;

    public FaultPlan(FaultSettings settings)
    {
        Settings = settings;
        sites = new HashSet<string>(settings.EnabledSites, StringComparer.Ordinal);
        all = sites.Contains("*");
        Any = sites.Count > 0;
    }

    public FaultSettings Settings { get; }
    public bool Any { get; }
    public bool IsEnabled(string site) => all || sites.Contains(site);
}
