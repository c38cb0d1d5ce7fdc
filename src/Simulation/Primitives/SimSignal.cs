// A controlled event: manual-reset (every waiter passes while set) or auto-reset (one waiter consumes each Set).
namespace SimManila.Simulation;

public sealed class SimSignal : SimWaitable, IResultSource<bool>
{
    readonly bool autoReset;

    internal SimSignal(Simulator sim, string name, bool autoReset) : base(sim, name) { this.autoReset = autoReset; }

    public bool IsSet { get; private set; }

    public PointAwaitable WaitAsync() => new(Sim, this, PointKind.Receive, Name, null);

    /// <summary>Waits at most <paramref name="timeout"/> of virtual time; the result is false when it timed out.</summary>
    public ValueAwaitable<bool> WaitAsync(TimeSpan timeout) =>
        new(Sim, this, this, PointKind.Receive, Math.Max(0, timeout.Ticks));

    public void Set()
    {
        IsSet = true;
        StateChanged();
    }

    public void Reset()
    {
        IsSet = false;
        StateChanged();
    }

    internal override bool CanGrant(SimOperation op) => IsSet;

    internal override void Grant(SimOperation op)
    {
        if (autoReset) IsSet = false;
    }

    internal override string DescribeWait(SimOperation op) => $"waits for signal '{Name}' (not set)";

    bool IResultSource<bool>.GetResult(SimOperation op) => !op.TimedOut;
}
