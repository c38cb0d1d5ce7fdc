// A controlled, non-reentrant mutex: acquiring is a scheduling point and which waiter gets a released lock is a decision.
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

    internal override bool CanGrant(SimOperation op) => Owner is null;
    internal override void Grant(SimOperation op) => Owner = op;
    internal override string DescribeWait(SimOperation op) =>
        $"waits for mutex '{Name}' (held by '{Owner?.Name ?? "nobody"}')";
}
