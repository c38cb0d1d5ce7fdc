// Every fault site a deployment has, and the checks a fault entry ("site", "site@host", "site:plan") must pass against a
// topology: an unknown site, host or plan is an error naming what exists, never a run without the fault.
using SimManila.Drivers;
using SimManila.Services.Processes;
using SimManila.Services.Rpc;
using SimManila.Simulation;

namespace SimManila.Services;

/// <summary>What is wrong with a fault entry: the message, the word that is unknown and the names it could have been.</summary>
public sealed record FaultSiteProblem(string Message, string Word, IReadOnlyList<string> Candidates);

public static class FaultSiteCatalog
{
    /// <summary>Every site name, without host or plan.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. DriverFaultSites.All, RpcBus.LostSite, RpcBus.DuplicatedSite, RpcBus.DelayedSite,
        .. DriverFaultSites.Methods.Select(CrashSites.Driver), .. RpcMethods.All.Select(CrashSites.Rpc), CrashSites.Api,
    ];

    public static bool IsCrash(string site) => site.StartsWith(CrashSites.Prefix, StringComparison.Ordinal);

    /// <summary>The processes a site can be qualified with ("@host") in <paramref name="topology"/>.</summary>
    public static IReadOnlyList<string> HostsOf(string site, Topology topology)
    {
        var backends = topology.Backends.Select(b => b.Host).ToList();
        if (site == CrashSites.Api) return [.. Enumerable.Range(1, topology.ApiWorkers).Select(i => $"api-{i}")];
        if (site.StartsWith("crash.rpc.", StringComparison.Ordinal))
        {
            var method = site["crash.rpc.".Length..];
            return [.. (RpcMethods.ToScheduler.Contains(method) ? [Deployment.SchedulerHost] : Array.Empty<string>()),
                .. (RpcMethods.ToManager.Contains(method) ? backends : [])];
        }
        if (site.StartsWith("rpc.", StringComparison.Ordinal)) return [Deployment.SchedulerHost, .. backends];
        return backends;
    }

    /// <summary>Null when <paramref name="entry"/> names a site (and host, and plan) that exists in the topology.</summary>
    public static FaultSiteProblem? Check(string entry, Topology topology)
    {
        string site;
        FaultSitePlan plan;
        try
        {
            (site, plan) = FaultSitePlan.Parse(entry);
        }
        catch (ArgumentException e)
        {
            return new FaultSiteProblem(e.Message, entry, []);
        }
        if (site == "*") return null;
        string? host = null;
        int at = site.IndexOf('@');
        if (at >= 0) (site, host) = (site[..at], site[(at + 1)..]);
        if (!All.Contains(site))
            return new FaultSiteProblem($"unknown fault site \"{site}\"", site, All);
        if (host is not null && !HostsOf(site, topology).Contains(host))
            return new FaultSiteProblem($"fault site {site} has no process \"{host}\" in this topology", host, HostsOf(site, topology));
        if (plan.Kind == FaultPlanKind.Delay && !(site.StartsWith("driver.", StringComparison.Ordinal) || site == RpcBus.DelayedSite))
            return new FaultSiteProblem($"fault site {site} cannot be delayed: a delay plan slows a driver call (driver.*) or a message (rpc.delayed)", plan.ToString(), []);
        return null;
    }
}
