// Arms and disarms every fault site of a deployment at once, so a scenario's set-up runs fault-free and only the race
// itself meets injected faults. Armed sites defer to the simulator's FoundationDB-style activation.
using SimManila.Simulation;

namespace SimManila.Drivers;

public sealed class FaultSwitch(Simulator sim)
{
    public bool Armed { get; set; } = true;

    public bool Fires(string site) => Armed && sim.Fault(site);
}
