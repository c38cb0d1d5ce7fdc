// Wires the invariant catalogue into one iteration of a deployment: the per-step checks after every step, the safety
// checks once quiet, then the liveness check. Scenario programs and hand-written tests (ManilaRace) share it.
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios.Invariants;

public static class InvariantWiring
{
    /// <summary>Attaches every invariant to <paramref name="sim"/> for <paramref name="deployment"/>; the context
    /// returned takes what only the caller knows (requests that threw, denies the API accepted).</summary>
    public static InvariantContext Attach(Simulator sim, Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(deployment);
        var context = new InvariantContext(deployment);
        sim.AfterEachStep(() => Check(sim, context, InvariantCatalog.EveryStep));
        // Safety checked once quiet is an AssertionFailed bug; only work left unfinished is a Liveness one.
        sim.CheckWhenQuiet(() => Check(sim, context, SafetyAtQuiet));
        sim.WhenQuiet(() => Check(sim, context, LivenessAtQuiet));
        return context;
    }

    static readonly IReadOnlyList<Invariant> SafetyAtQuiet = [.. InvariantCatalog.AtQuiet.Where(i => !i.IsLiveness)];
    static readonly IReadOnlyList<Invariant> LivenessAtQuiet = [.. InvariantCatalog.AtQuiet.Where(i => i.IsLiveness)];

    static void Check(Simulator sim, InvariantContext context, IReadOnlyList<Invariant> invariants)
    {
        foreach (var invariant in invariants)
            if (invariant.Check(context) is { } problem) sim.Assert(false, $"{invariant.Tag} {problem}");
    }
}
