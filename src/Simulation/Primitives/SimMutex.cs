// A controlled, non-reentrant mutex: acquiring is a scheduling point and which waiter gets a released lock is a decision;
// releasing is immediate (Release) or a scheduling point of its own (ReleaseAsync).
namespace SimManila.Simulation;

public sealed class SimMutex : SimWaitable
{
    internal SimMutex(Simulator sim, string name) : base(sim, name) { }

    public SimOperation? Owner { get; private set; }
    public bool IsHeld => Owner is not null;

    public PointAwaitable AcquireAsync()
    {
        var op = Sim.CurrentOrThrow();
        if (Owner == op) throw new InvalidOperationException($"mutex '{Name}' is not reentrant: '{op.Name}' already holds it");
        return new PointAwaitable(Sim, this, PointKind.Acquire, Name, null);
    }

    public void Release()
    {
        var op = Sim.CurrentOrThrow();
        if (Owner != op)
            throw new InvalidOperationException($"mutex '{Name}' released by '{op.Name}' but held by '{Owner?.Name ?? "nobody"}'");
        Owner = null;
        if (Sim.IsLogging) Sim.Log($"release {Name}");
        StateChanged();
    }

    /// <summary>A Release point: the mutex is released when the owner runs again, so the scheduler chooses where the
    /// release falls among the other operations' steps (as a ported unlock may be preempted).</summary>
    public PointAwaitable ReleaseAsync()
    {
        var op = Sim.CurrentOrThrow();
        if (Owner != op)
            throw new InvalidOperationException($"mutex '{Name}' released by '{op.Name}' but held by '{Owner?.Name ?? "nobody"}'");
        return new PointAwaitable(Sim, this, PointKind.Release, Name, null);
    }

    // A pending release is always enabled and releases when granted; an acquire is enabled while nobody holds the mutex.
    internal override bool CanGrant(SimOperation op) => op.PendingKind == PointKind.Release || Owner is null;

    internal override void Grant(SimOperation op)
    {
        if (op.PendingKind != PointKind.Release)
        {
            Owner = op;
            return;
        }
        Owner = null;
    }
    internal override string DescribeWait(SimOperation op) =>
        $"waits for mutex '{Name}' (held by '{Owner?.Name ?? "nobody"}')";
}
