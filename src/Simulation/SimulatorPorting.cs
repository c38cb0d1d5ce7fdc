// What programs ported from threads need: a plain point with no kind or resource to choose, a spawn that is a point for
// the spawner, shared variables whose reads and writes are points, and a main operation whose return ends the program.
using System.Runtime.CompilerServices;

namespace SimManila.Simulation;

public sealed partial class Simulator
{
    SimOperation? mainOperation;

    /// <summary>The main operation (SpawnMain) has returned: the program is over.</summary>
    bool MainReturned => mainOperation is { State: OpState.Completed };

    /// <summary>A plain scheduling point: the scheduler may switch here. It names no resource (so it conflicts with
    /// everything, for POS and reduction alike) and, unlike Yield, leaves the operation's PCT priority alone.</summary>
    public PointAwaitable Point() => new(this, null, PointKind.Plain, null, null);

    /// <summary>Spawns an operation, then makes the spawner wait at a plain point, so the new operation may run first.
    /// Await it inside an operation; the result is the new operation.</summary>
    public SpawnAwaitable SpawnAsync(string name, Func<Task> body) => new(this, Spawn(name, body));

    /// <summary>A shared variable whose every read and write is a scheduling point on <paramref name="name"/>.</summary>
    public SimVariable<T> NewVariable<T>(string name, T initial)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new SimVariable<T>(this, name, initial);
    }

    /// <summary>
    /// Spawns the program's main operation: the iteration ends when it returns, as a process exits when main returns,
    /// whatever the other operations are doing (those still ready or blocked are abandoned, not a deadlock). The
    /// WhenQuiet checks run at that end. For ported programs that do not join their threads.
    /// </summary>
    public SimOperation SpawnMain(string name, Func<Task> body)
    {
        if (mainOperation is not null) throw new InvalidOperationException($"the program already has a main operation ('{mainOperation.Name}')");
        mainOperation = Spawn(name, body);
        return mainOperation;
    }
}

/// <summary>The spawner's scheduling point after <see cref="Simulator.SpawnAsync"/>; its result is the new operation.</summary>
public readonly struct SpawnAwaitable : ICriticalNotifyCompletion
{
    readonly Simulator sim;
    readonly SimOperation spawned;

    internal SpawnAwaitable(Simulator sim, SimOperation spawned) { this.sim = sim; this.spawned = spawned; }

    public SpawnAwaitable GetAwaiter() => this;
    public bool IsCompleted => false;
    public SimOperation GetResult() => spawned;
    public void OnCompleted(Action continuation) => Park(continuation);
    public void UnsafeOnCompleted(Action continuation) => Park(continuation);

    void Park(Action continuation) =>
        sim.Park(continuation, null, PointKind.Plain, null, sim.IsLogging ? $"spawned '{spawned.Name}'" : null, -1, -1);
}
