// Base of every controlled primitive: the operations contending for it and whether each may proceed (is enabled) now.
namespace SimManila.Simulation;

/// <summary>
/// A primitive an operation can wait on. An operation waiting here is ready (enabled) exactly when
/// <see cref="CanGrant"/> holds for it; which enabled waiter goes first is the strategy's decision.
/// </summary>
public abstract class SimWaitable
{
    internal readonly Simulator Sim;
    readonly List<SimOperation> contenders = new(4);

    private protected SimWaitable(Simulator sim, string name)
    {
        Sim = sim;
        Name = name;
    }

    public string Name { get; }

    internal List<SimOperation> Contenders => contenders;

    internal abstract bool CanGrant(SimOperation op);

    /// <summary>Called by the loop just before the chosen waiter's continuation runs.</summary>
    internal abstract void Grant(SimOperation op);

    /// <summary>How a blocked waiter's wait reads in a deadlock report.</summary>
    internal virtual string DescribeWait(SimOperation op) => $"waits on '{Name}'";

    internal void AddContender(SimOperation op) => contenders.Add(op);

    internal void RemoveContender(SimOperation op) => contenders.Remove(op);

    /// <summary>After the primitive's state changed: enable or disable its waiters accordingly.</summary>
    private protected void StateChanged() => Sim.Refresh(this);
}

/// <summary>Waiters on another operation's end.</summary>
internal sealed class CompletionWaitable : SimWaitable
{
    readonly SimOperation target;

    public CompletionWaitable(SimOperation target) : base(target.Sim, target.Name) { this.target = target; }

    internal override bool CanGrant(SimOperation op) => target.IsCompleted;
    internal override void Grant(SimOperation op) { }
    internal override string DescribeWait(SimOperation op) => $"waits for operation '{target.Name}' to complete";
    internal void Completed() => StateChanged();
}
