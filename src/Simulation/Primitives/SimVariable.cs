// A shared variable for programs ported from threads: every read and every write is a scheduling point on the
// variable's name, so `x++` written as UpdateAsync(v => v + 1) is two points and races as it would on real threads.
using System.Runtime.CompilerServices;

namespace SimManila.Simulation;

public sealed class SimVariable<T>
{
    readonly Simulator sim;
    internal T Current;

    internal SimVariable(Simulator sim, string name, T initial)
    {
        this.sim = sim;
        Name = name;
        Current = initial;
    }

    public string Name { get; }

    /// <summary>The value now, without a scheduling point: for checks and logs, not for the program's own reads.</summary>
    public T Value => Current;

    /// <summary>A Read point on the variable; the value is taken when the operation runs again.</summary>
    public VariableReadAwaitable<T> ReadAsync() => new(sim, this);

    /// <summary>A Write point on the variable; the value is stored when the operation runs again.</summary>
    public VariableWriteAwaitable<T> WriteAsync(T value) => new(sim, this, value);

    /// <summary>Read, then write <paramref name="change"/>(value): two points, so another operation may write in between
    /// (a lost update, as with x++ on threads). Returns the value written.</summary>
    public async Task<T> UpdateAsync(Func<T, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var next = change(await ReadAsync());
        await WriteAsync(next);
        return next;
    }

    /// <summary>Read and write as one Write point (an interlocked operation). Returns the value written.</summary>
    public async Task<T> UpdateAtomicallyAsync(Func<T, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await sim.Write(Name);
        Current = change(Current);
        return Current;
    }

    public override string ToString() => $"{Name} = {Current}";
}

public readonly struct VariableReadAwaitable<T> : ICriticalNotifyCompletion
{
    readonly Simulator sim;
    readonly SimVariable<T> variable;

    internal VariableReadAwaitable(Simulator sim, SimVariable<T> variable) { this.sim = sim; this.variable = variable; }

    public VariableReadAwaitable<T> GetAwaiter() => this;
    public bool IsCompleted => false;
    public T GetResult() => variable.Current;
    public void OnCompleted(Action continuation) => sim.Park(continuation, null, PointKind.Read, variable.Name, null, -1, -1);
    public void UnsafeOnCompleted(Action continuation) => sim.Park(continuation, null, PointKind.Read, variable.Name, null, -1, -1);
}

public readonly struct VariableWriteAwaitable<T> : ICriticalNotifyCompletion
{
    readonly Simulator sim;
    readonly SimVariable<T> variable;
    readonly T value;

    internal VariableWriteAwaitable(Simulator sim, SimVariable<T> variable, T value) { this.sim = sim; this.variable = variable; this.value = value; }

    public VariableWriteAwaitable<T> GetAwaiter() => this;
    public bool IsCompleted => false;
    public void GetResult() => variable.Current = value;
    public void OnCompleted(Action continuation) => Park(continuation);
    public void UnsafeOnCompleted(Action continuation) => Park(continuation);

    void Park(Action continuation) =>
        sim.Park(continuation, null, PointKind.Write, variable.Name, sim.IsLogging ? $"{variable.Name} = {value}" : null, -1, -1);
}
