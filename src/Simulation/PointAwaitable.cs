// The engine's awaitables: structs that park the awaiting operation directly, so a scheduling point allocates nothing.
using System.Runtime.CompilerServices;

namespace SimManila.Simulation;

/// <summary>Awaitable scheduling point with no result: Yield, Read, Write, Delay, Acquire, Send, waits without timeout.</summary>
public readonly struct PointAwaitable : ICriticalNotifyCompletion
{
    readonly Simulator sim;
    readonly SimWaitable? target;
    readonly PointKind kind;
    readonly string? resource;
    readonly string? note;
    readonly long delayTicks;

    internal PointAwaitable(Simulator sim, SimWaitable? target, PointKind kind, string? resource, string? note, long delayTicks = -1)
    {
        this.sim = sim; this.target = target; this.kind = kind; this.resource = resource; this.note = note; this.delayTicks = delayTicks;
    }

    public PointAwaitable GetAwaiter() => this;
    public bool IsCompleted => false;
    public void GetResult() { }
    public void OnCompleted(Action continuation) => sim.Park(continuation, target, kind, resource, note, delayTicks, -1);
    public void UnsafeOnCompleted(Action continuation) => sim.Park(continuation, target, kind, resource, note, delayTicks, -1);
}

/// <summary>Source of a wait's result, read by the woken operation at the start of its step.</summary>
internal interface IResultSource<T>
{
    T GetResult(SimOperation op);
}

/// <summary>Awaitable scheduling point with a result: channel receive, completion wait, waits with a timeout.</summary>
public readonly struct ValueAwaitable<T> : ICriticalNotifyCompletion
{
    readonly Simulator sim;
    readonly SimWaitable target;
    readonly IResultSource<T> source;
    readonly PointKind kind;
    readonly long timeoutTicks;

    internal ValueAwaitable(Simulator sim, SimWaitable target, IResultSource<T> source, PointKind kind, long timeoutTicks)
    {
        this.sim = sim; this.target = target; this.source = source; this.kind = kind; this.timeoutTicks = timeoutTicks;
    }

    public ValueAwaitable<T> GetAwaiter() => this;
    public bool IsCompleted => false;
    public T GetResult() => source.GetResult(sim.CurrentOrThrow());
    public void OnCompleted(Action continuation) => sim.Park(continuation, target, kind, target.Name, null, -1, timeoutTicks);
    public void UnsafeOnCompleted(Action continuation) => sim.Park(continuation, target, kind, target.Name, null, -1, timeoutTicks);
}
