// The execution backend on Coyote, for one iteration: each operation runs on a thread of its own, registered with
// Coyote's Operation API, and Coyote's scheduler decides which one takes the next step. The Simulator's ready set is
// the truth about who may run: a ready operation waits at a Coyote scheduling point of its kind (Read/Write with its
// resource key, Yield, Interleave), one that is blocked, delayed or awaiting another operation pauses until it is ready
// again (Operation.PauseUntil). The iteration's root operation keeps virtual time: it wakes when nothing is ready,
// moves the clock to the next timer, and ends the iteration as our loop does when no timer is left.
using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;

namespace SimManila.Simulation.Coyote;

internal sealed class CoyoteBackend : ExecutionBackend
{
    /// <summary>Stack of an operation's thread: a step runs nested async service calls inline.</summary>
    const int StackBytes = 4 * 1024 * 1024;

    /// <summary>How long the end of an iteration waits for a thread to leave; only a defect makes it wait at all.</summary>
    static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(30);

    [ThreadStatic] static Simulator? stepThreadOf;

    readonly List<Thread> threads = new();
    readonly ManualResetEventSlim rootLeft = new(false);
    volatile bool stopping;
    Exception? internalError;

    /// <summary>The root ran the iteration to its end (or recorded its bug): false when Coyote cut it short.</summary>
    public bool RanToEnd { get; private set; }

    /// <summary>A defect of this backend seen on one of its threads (reported as an internal error, never swallowed).</summary>
    public Exception? InternalError => Volatile.Read(ref internalError);

    // ---- the seam ----
    public override bool IsStepThread(Simulator sim) => stepThreadOf == sim;

    public override void OnSpawn(Simulator sim, SimOperation op)
    {
        ThrowIfStopping();
        ulong id = Operation.CreateNext() ?? throw new InvalidOperationException("Coyote's testing engine is not attached to this thread");
        Operation.Start(id);
        var thread = new Thread(() => OperationThread(sim, op, id), StackBytes) { IsBackground = true, Name = "coyote-op " + op.Name };
        lock (threads) threads.Add(thread);
        thread.Start();
    }

    /// <summary>The root operation's part: wait until nothing is ready, then move virtual time or end the iteration.</summary>
    public override void Run(Simulator sim)
    {
        while (sim.BugKind is null && !stopping)
        {
            Operation.PauseUntil(() => sim.ReadyCount == 0);
            if (stopping || sim.BugKind is not null) break;
            if (sim.AdvanceTime()) continue;
            sim.EndOfIteration();
            RanToEnd = true;
            break;
        }
        if (sim.BugKind is not null && !stopping) ReportBug(sim);
    }

    // ---- an operation's thread ----
    void OperationThread(Simulator sim, SimOperation op, ulong id)
    {
        stepThreadOf = sim;
        try
        {
            Operation.OnStarted(id); // returns when Coyote first schedules it: its Start point
            while (!stopping)
            {
                while (op.ReadyIndex < 0 && !op.IsCompleted)
                {
                    // Blocked on a primitive, delayed, or awaiting another operation: not schedulable until ready. A
                    // crash of its process (Simulator.Crash) completes it where it waits.
                    Operation.PauseUntil(() => op.ReadyIndex >= 0 || op.IsCompleted);
                    if (stopping) return;
                }
                if (!op.IsCompleted) sim.RunChosenStep(op);
                if (sim.BugKind is not null)
                {
                    ReportBug(sim);
                    return;
                }
                if (op.IsCompleted)
                {
                    Operation.OnCompleted();
                    Operation.ScheduleNext();
                    return;
                }
                if (op.ReadyIndex >= 0) Point(op.PendingKind, op.PendingResource);
            }
        }
        catch (ThreadInterruptedException)
        {
            // Coyote ended the iteration, or Release woke this thread to let it go.
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref internalError, ex, null);
        }
    }

    /// <summary>A scheduling point of the operation's pending kind: Read and Write carry the resource key (Coyote's
    /// partial-order reduction reads them), an explicit Yield lowers priority in the strategies that use it.</summary>
    static void Point(PointKind kind, string? resource)
    {
        if (resource is not null)
        {
            switch (kind)
            {
                case PointKind.Read or PointKind.Receive:
                    SchedulingPoint.Read(resource);
                    return;
                case PointKind.Write or PointKind.Acquire or PointKind.Release or PointKind.Send:
                    SchedulingPoint.Write(resource);
                    return;
            }
        }
        if (kind == PointKind.Yield) SchedulingPoint.Yield();
        else SchedulingPoint.Interleave();
    }

    /// <summary>Hands our bug to Coyote, which records it, ends the iteration and throws ThreadInterruptedException here.</summary>
    static void ReportBug(Simulator sim) => Specification.Assert(false, "{0}", $"{sim.BugKind}: {sim.BugMessage}");

    // ---- the end of the iteration ----
    public void ThrowIfStopping()
    {
        if (stopping) throw new SimulationStopException();
    }

    /// <summary>Coyote stopped the iteration from inside a choice (its step bound, or a replay that no longer fits).</summary>
    public void CoyoteStopped() => stopping = true;

    /// <summary>Called by the root operation when it leaves the test method, whatever the outcome.</summary>
    public void RootLeft() => rootLeft.Set();

    /// <summary>
    /// After Coyote ended the iteration (before it disposes the runtime): lets every operation thread go. Threads that
    /// wait in Coyote are interrupted; none of them is inside simulated code, which only ever runs between two Coyote
    /// calls of the scheduled operation, so nothing of the service unwinds. Returns once all have left.
    /// </summary>
    public void Release()
    {
        rootLeft.Wait(ReleaseTimeout);
        stopping = true;
        Thread[] all;
        lock (threads) all = threads.ToArray();
        foreach (var thread in all)
            if (thread.IsAlive) thread.Interrupt();
        foreach (var thread in all)
            if (!thread.Join(ReleaseTimeout))
                Interlocked.CompareExchange(ref internalError, new InvalidOperationException($"thread '{thread.Name}' did not end with its iteration"), null);
        rootLeft.Dispose();
    }
}
