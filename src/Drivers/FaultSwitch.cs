// Arms and disarms every fault site of a deployment at once, so a scenario's set-up runs fault-free and only the race
// itself meets injected faults. Armed sites defer to the simulator's plans (may fire, once, nth, always, delay). A site
// may be named for one host ("driver.delete_share@host1"): that plan wins over the site's plain name there.
using SimManila.Simulation;

namespace SimManila.Drivers;

public sealed class FaultSwitch(Simulator sim)
{
    public bool Armed { get; set; } = true;

    public bool Fires(string site) => Armed && sim.Fault(site);

    /// <summary>Whether a fault strikes <paramref name="site"/> as reached on <paramref name="host"/>.</summary>
    public bool Fires(string site, string host) => Armed && sim.Fault(Resolve(site, host));

    /// <summary>The extra time a delay plan puts on <paramref name="site"/> as reached on <paramref name="host"/>.</summary>
    public TimeSpan Delay(string site, string host) => Armed ? sim.FaultDelay(Resolve(site, host)) : TimeSpan.Zero;

    string Resolve(string site, string host)
    {
        if (!sim.AnyFaultSites) return site;
        var qualified = site + "@" + host;
        return sim.HasFaultSite(qualified) ? qualified : site;
    }
}
