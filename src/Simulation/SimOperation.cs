// A controlled operation (logical thread): its pending step, its state for the loop and strategies, and its completion.
namespace SimManila.Simulation;

internal enum OpState : byte { Ready, Running, Blocked, Delayed, Limbo, Completed }

public sealed class SimOperation
{
    internal readonly Simulator Sim;
    internal readonly OperationContext Context;
    internal readonly Func<Task> Body;
    internal Task? BodyTask;

    // The pending step: exactly one continuation, either from an engine awaitable or posted to the context.
    internal Action? Continuation;
    internal SendOrPostCallback? PostedCallback;
    internal object? PostedState;
    internal PointKind PendingKind;
    internal string? PendingResource;
    internal string? PendingNote;

    internal OpState State;
    internal int ReadyIndex = -1;
    internal SimWaitable? WaitingOn;
    internal long WaitGeneration;
    internal bool TimedOut;
    internal CompletionWaitable? CompletionWaiters;

    // Crashes: a doomed operation ends at its next scheduling point outside a shielded region.
    internal bool Doomed;
    internal int Shield;

    // Scratch slots owned by strategies (priorities), reset when the operation is created.
    internal long Priority;
    internal long StepPriority;

    internal SimOperation(Simulator sim, int id, string name, Func<Task> body)
    {
        Sim = sim;
        Id = id;
        Name = name;
        Body = body;
        Context = new OperationContext(this);
    }

    public string Name { get; }
    public int Id { get; }

    /// <summary>The id of the operation that spawned this one, or -1 when it was spawned outside any (a program's main
    /// operation, a harness's setup).</summary>
    public int SpawnedBy { get; internal init; } = -1;
    public bool IsCompleted => State == OpState.Completed;

    /// <summary>The process this operation works for right now (null: none); Simulator.Crash(owner) ends it. Code
    /// sets it as work moves, e.g. when a message is received or a request enters a server.</summary>
    public string? Owner { get; set; }

    /// <summary>Ended by a crash of its owner rather than by returning.</summary>
    public bool Killed { get; internal set; }

    /// <summary>Await another operation's end; a scheduling point (kind Complete) whose wake-up the strategy orders.</summary>
    public PointAwaitable Completion => new(Sim, CompletionWaiters ??= new CompletionWaitable(this), PointKind.Complete, Name, null);

    public override string ToString() => $"{Name} (#{Id})";
}

/// <summary>
/// The operation's SynchronizationContext: awaits of ordinary tasks post their continuation here, which makes it the
/// operation's next step. A post from any thread but the loop's is uncontrolled concurrency.
/// </summary>
internal sealed class OperationContext : SynchronizationContext
{
    readonly SimOperation op;

    public OperationContext(SimOperation op) { this.op = op; }

    public override void Post(SendOrPostCallback d, object? state) => op.Sim.OnPost(op, d, state);

    public override void Send(SendOrPostCallback d, object? state) => op.Sim.OnForeignSend(op);

    public override SynchronizationContext CreateCopy() => this;
}
