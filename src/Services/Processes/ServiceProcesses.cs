// Which service processes are up (API workers api-N, the scheduler, one share manager per backend host), and what a
// crash and a restart do to one. A crash ends every operation working for the process (the engine's Crash), releases
// its file locks at once and lets its coordinator leases run out on virtual time (LockService), and hands its
// unfinished messages to the bus (RpcBus.ProcessDied); after Topology.RestartAfter a fresh instance that knows only
// the database runs its start-up (Deployment.Restart) and then consumes the messages that waited in its queue.
using SimManila.Simulation;

namespace SimManila.Services.Processes;

public sealed class ServiceProcesses(Deployment d)
{
    sealed class Process(SimSignal up)
    {
        public SimSignal Up = up;
        public bool IsUp = true;
        public int Incarnation = 1;
    }

    readonly Dictionary<string, Process> table = new(StringComparer.Ordinal);

    /// <summary>Every crash so far, as "process at time (site)", for reports and tests.</summary>
    public List<string> Crashes { get; } = [];

    Process Of(string process)
    {
        if (!table.TryGetValue(process, out var p))
        {
            var up = d.Sim.NewSignal("up " + process);
            up.Set();
            table[process] = p = new Process(up);
        }
        return p;
    }

    public bool IsUp(string process) => !table.TryGetValue(process, out var p) || p.IsUp;

    /// <summary>How many times the process has started (1 before any crash).</summary>
    public int Incarnation(string process) => table.TryGetValue(process, out var p) ? p.Incarnation : 1;

    /// <summary>Waits (a scheduling point) until the process is up; at once when it is.</summary>
    public async Task WaitUntilUp(string process)
    {
        // Bounded: each round waits for a restart, which the crash scheduled.
        while (Of(process) is { IsUp: false } p) await p.Up.WaitAsync();
    }

    /// <summary>
    /// Crashes <paramref name="process"/> (nothing when it is already down) and schedules its restart. Await the
    /// result: the caller ends there when it works for the process, as any of its threads would.
    /// </summary>
    public PointAwaitable Crash(string process, string site)
    {
        var p = Of(process);
        if (!p.IsUp) return d.Sim.Yield();
        p.IsUp = false;
        p.Up.Reset();
        Crashes.Add($"{process} at {d.Sim.Now} ({site})");
        if (d.Sim.IsLogging) d.Sim.Log($"CRASH {process} at {site}; it restarts in {d.Topology.RestartAfter.TotalSeconds:0} s");
        d.Locks.ProcessDied(process);
        d.Rpc.ProcessDied(process);
        d.Sim.Spawn($"restart {process}", async () =>
        {
            await d.Sim.Delay(d.Topology.RestartAfter, "systemd restarts " + process);
            d.Sim.Current!.Owner = process;
            p.Incarnation++;
            await d.Restart(process);
            p.IsUp = true;
            p.Up.Set();
            if (d.Sim.IsLogging) d.Sim.Log($"{process} is up again (incarnation {p.Incarnation})");
        });
        return d.Sim.Crash(process);
    }

    /// <summary>Crashes <paramref name="process"/> when the fault site <paramref name="site"/> fires there.</summary>
    public async ValueTask MaybeCrash(string site, string process)
    {
        if (d.Faults.Fires(site, process)) await Crash(process, site);
    }
}
