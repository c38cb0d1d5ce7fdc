// PCT (Burckhardt et al.): random operation priorities plus d-1 change points over the k decisions of a run.
namespace SimManila.Simulation;

/// <summary>
/// Runs the highest-priority ready operation. Initial priorities are random and above every change-point priority;
/// at change point j (drawn in [1, k], counted over decisions only, so never where one operation is ready) the
/// operation about to run drops to priority j. An explicit Yield drops the yielder below every initial priority.
/// k comes from calibration runs before exploring, so it does not depend on cores or shards.
/// </summary>
internal sealed class PctStrategy : RandomizedStrategy
{
    const long InitialBase = 1L << 40;
    readonly int depth;
    readonly long[] changePoints;
    int maxDecisions;
    int decision;
    long yieldPriority;

    public PctStrategy(int depth, int estimatedDecisions)
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "PCT depth must be >= 1");
        this.depth = depth;
        changePoints = new long[depth - 1];
        maxDecisions = Math.Max(1, estimatedDecisions);
    }

    public override string Name => "pct";

    public int EstimatedDecisions { get => maxDecisions; set => maxDecisions = Math.Max(1, value); }

    public override void BeginIteration(ulong seed, long iteration)
    {
        base.BeginIteration(seed, iteration);
        decision = 0;
        yieldPriority = InitialBase - 1;
        for (int j = 0; j < changePoints.Length; j++) changePoints[j] = 1 + Random.Next(maxDecisions);
    }

    public override void OnSpawn(SimOperation op) => op.Priority = InitialBase + (long)(Random.NextUInt64() >> 24);

    public override void OnEnabled(SimOperation op)
    {
        if (op.PendingKind == PointKind.Yield && op.Priority >= InitialBase - (1L << 30)) op.Priority = yieldPriority--;
    }

    public override int PickNext(Simulator sim, SimOperation[] ready, int count)
    {
        decision++;
        int best = Highest(ready, count);
        for (int j = 0; j < changePoints.Length; j++)
        {
            if (changePoints[j] != decision) continue;
            ready[best].Priority = j + 1;
            best = Highest(ready, count);
        }
        return best;
    }

    static int Highest(SimOperation[] ready, int count)
    {
        int best = 0;
        long bestPriority = ready[0].Priority;
        for (int i = 1; i < count; i++)
        {
            long p = ready[i].Priority;
            if (p > bestPriority || (p == bestPriority && ready[i].Id < ready[best].Id)) { best = i; bestPriority = p; }
        }
        return best;
    }
}
