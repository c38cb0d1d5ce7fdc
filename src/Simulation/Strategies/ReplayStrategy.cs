// Replay: follows a recorded decision sequence and reports non-determinism at the first decision that does not fit.
namespace SimManila.Simulation;

internal sealed class ReplayStrategy : SchedulingStrategy
{
    readonly IReadOnlyList<Decision> recorded;
    int position;

    public ReplayStrategy(IReadOnlyList<Decision> recorded) { this.recorded = recorded; }

    public override string Name => "replay";

    public int Position => position;
    public int Remaining => recorded.Count - position;

    public override void BeginIteration(ulong seed, long iteration) => position = 0;

    bool TryNext(Simulator sim, DecisionKind kind, string what, out Decision decision)
    {
        if (position >= recorded.Count)
        {
            sim.Diverged($"the trace has no decision left but the program asks for {what}");
            decision = default;
            return false;
        }
        decision = recorded[position];
        if (decision.Kind != kind)
        {
            sim.Diverged($"the trace's decision {position} is {decision.Kind} ({decision}) but the program asks for {what}");
            return false;
        }
        position++;
        return true;
    }

    public override int PickNext(Simulator sim, SimOperation[] ready, int count)
    {
        if (!TryNext(sim, DecisionKind.Schedule, $"a schedule choice among {count} ready ({sim.DescribeReady()})", out var d)) return 0;
        if (d.Bound != count)
        {
            sim.Diverged($"the trace had {d.Bound} ready operations at decision {position - 1}, now {count}: {sim.DescribeReady()}");
            return 0;
        }
        for (int i = 0; i < count; i++)
            if (ready[i].Id == d.Value) return i;
        sim.Diverged($"the trace runs {sim.DescribeOperation(d.Value)} at decision {position - 1} but it is not ready; ready: {sim.DescribeReady()}");
        return 0;
    }

    public override bool ChooseBool(Simulator sim, double probability)
    {
        var what = $"a bool choice in '{sim.Current?.Name ?? "(program)"}' at {sim.Current?.PendingKind}";
        return TryNext(sim, DecisionKind.Bool, what, out var d) && d.Value != 0;
    }

    public override int ChooseInt(Simulator sim, int minInclusive, int maxExclusive)
    {
        var what = $"an int choice in [{minInclusive},{maxExclusive}) in '{sim.Current?.Name ?? "(program)"}'";
        if (!TryNext(sim, DecisionKind.Int, what, out var d)) return minInclusive;
        if (d.Min != minInclusive || d.Bound != maxExclusive)
        {
            sim.Diverged($"the trace's decision {position - 1} is an int in [{d.Min},{d.Bound}) but the program asks for {what}");
            return minInclusive;
        }
        return d.Value;
    }
}
