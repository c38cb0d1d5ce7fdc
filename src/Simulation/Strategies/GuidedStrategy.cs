// Guided replay: follows a candidate decision list as far as it fits the program and falls back to a deterministic
// default where it does not, so an edited schedule (a shrinking candidate) still runs to an end instead of diverging.
namespace SimManila.Simulation;

/// <summary>
/// A decision where the operation that ran the previous step was still ready but another one was picked.
/// Decision is the index into the run's decisions; Stayed is the operation that could have kept running.
/// </summary>
public readonly record struct ContextSwitch(int Decision, int Stayed, int Picked);

/// <summary>What a guided run did: its outcome, the decisions it actually took (a strictly replayable trace) and counts.</summary>
public sealed record GuidedResult
{
    /// <summary>The decisions actually taken, with the bug this run ended with (if any); replays strictly.</summary>
    public required SimTrace Trace { get; init; }
    public BugReport? Bug { get; init; }
    public int Steps { get; init; }
    /// <summary>Schedule decisions that switched away from a still-ready operation, in decision order.</summary>
    public IReadOnlyList<ContextSwitch> ContextSwitches { get; init; } = [];
    /// <summary>Fault-site fires (a Fault(site) call that returned true).</summary>
    public int FaultsFired { get; init; }
    /// <summary>Guide entries followed as written.</summary>
    public int Followed { get; init; }
    /// <summary>Decisions taken by the default because the guide did not fit or had run out.</summary>
    public int Defaulted { get; init; }
    /// <summary>Operation names by id, in spawn order.</summary>
    public IReadOnlyList<string> Operations { get; init; } = [];
    public IReadOnlyList<StepRecord> Log { get; init; } = [];
}

/// <summary>
/// Follows the guide entry by entry. A schedule entry is followed when its operation is ready (whatever the number of
/// ready operations); a choice entry when it has the asked kind and range. Where it does not fit, or the guide has run
/// out, the default is taken: keep running the operation that ran last if it is ready, else the lowest id; a bool is
/// false, an int its minimum. Choice entries where the program now asks for a schedule are skipped (a choice that no
/// longer happens, e.g. a fault that no longer fires); a schedule entry where the program asks for a choice is kept
/// for later. Never reports NonDeterminism.
/// </summary>
internal sealed class GuidedStrategy : SchedulingStrategy
{
    readonly IReadOnlyList<Decision> guide;
    int position;
    int taken;
    SimOperation? last;
    readonly List<ContextSwitch> switches = new();

    public GuidedStrategy(IReadOnlyList<Decision> guide) { this.guide = guide; }

    public override string Name => "guided";

    public int Followed { get; private set; }
    public int Defaulted { get; private set; }
    public IReadOnlyList<ContextSwitch> Switches => switches;

    public override void BeginIteration(ulong seed, long iteration)
    {
        position = 0;
        taken = 0;
        last = null;
        Followed = 0;
        Defaulted = 0;
        switches.Clear();
    }

    public override void OnStepped(SimOperation op, PointKind kind, string? resource, SimOperation[] ready, int count) => last = op;

    public override int PickNext(Simulator sim, SimOperation[] ready, int count)
    {
        int stay = last is { ReadyIndex: >= 0 } l && l.ReadyIndex < count && ready[l.ReadyIndex] == l ? l.ReadyIndex : -1;
        while (position < guide.Count && guide[position].Kind != DecisionKind.Schedule) position++; // choices gone
        int pick = -1;
        if (position < guide.Count)
        {
            int id = guide[position++].Value;
            for (int i = 0; i < count; i++)
                if (ready[i].Id == id) { pick = i; break; }
        }
        if (pick >= 0) Followed++;
        else
        {
            Defaulted++;
            pick = stay >= 0 ? stay : Lowest(ready, count);
        }
        if (stay >= 0 && pick != stay) switches.Add(new ContextSwitch(taken, ready[stay].Id, ready[pick].Id));
        taken++;
        return pick;
    }

    static int Lowest(SimOperation[] ready, int count)
    {
        int best = 0;
        for (int i = 1; i < count; i++)
            if (ready[i].Id < ready[best].Id) best = i;
        return best;
    }

    /// <summary>The next entry if it is a choice of the asked kind; a choice of another kind is consumed and ignored.</summary>
    bool NextChoice(DecisionKind kind, out Decision decision)
    {
        taken++;
        decision = default;
        if (position >= guide.Count || guide[position].Kind == DecisionKind.Schedule) return false;
        decision = guide[position++];
        return decision.Kind == kind;
    }

    public override bool ChooseBool(Simulator sim, double probability)
    {
        if (NextChoice(DecisionKind.Bool, out var d)) { Followed++; return d.Value != 0; }
        Defaulted++;
        return false;
    }

    public override int ChooseInt(Simulator sim, int minInclusive, int maxExclusive)
    {
        if (NextChoice(DecisionKind.Int, out var d) && d.Min == minInclusive && d.Bound == maxExclusive)
        {
            Followed++;
            return d.Value;
        }
        Defaulted++;
        return minInclusive;
    }
}
