// A controlled request/response slot: one SetResult or SetException, awaited by any number of operations.
using System.Runtime.ExceptionServices;

namespace SimManila.Simulation;

/// <summary>
/// WaitAsync(timeout) does not throw on timeout: it returns (ok: false, value: default). A completion set with an
/// exception rethrows it from every wait.
/// </summary>
public sealed class SimCompletion<T> : SimWaitable, IResultSource<T>
{
    readonly TimeoutSource timeoutSource;
    T? value;
    ExceptionDispatchInfo? error;

    internal SimCompletion(Simulator sim, string name) : base(sim, name) { timeoutSource = new TimeoutSource(this); }

    public bool IsCompleted { get; private set; }

    public void SetResult(T result)
    {
        if (IsCompleted) throw new InvalidOperationException($"completion '{Name}' is already completed");
        value = result;
        IsCompleted = true;
        StateChanged();
    }

    public void SetException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (IsCompleted) throw new InvalidOperationException($"completion '{Name}' is already completed");
        error = ExceptionDispatchInfo.Capture(exception);
        IsCompleted = true;
        StateChanged();
    }

    public bool TrySetResult(T result)
    {
        if (IsCompleted) return false;
        SetResult(result);
        return true;
    }

    public ValueAwaitable<T> WaitAsync() => new(Sim, this, this, PointKind.Receive, -1);

    public ValueAwaitable<(bool ok, T value)> WaitAsync(TimeSpan timeout) =>
        new(Sim, this, timeoutSource, PointKind.Receive, Math.Max(0, timeout.Ticks));

    internal override bool CanGrant(SimOperation op) => IsCompleted;
    internal override void Grant(SimOperation op) { }
    internal override string DescribeWait(SimOperation op) => $"waits for completion '{Name}' (not completed)";

    T IResultSource<T>.GetResult(SimOperation op)
    {
        error?.Throw();
        return value!;
    }

    sealed class TimeoutSource(SimCompletion<T> owner) : IResultSource<(bool ok, T value)>
    {
        public (bool ok, T value) GetResult(SimOperation op)
        {
            if (op.TimedOut) return (false, default!);
            owner.error?.Throw();
            return (true, owner.value!);
        }
    }
}
