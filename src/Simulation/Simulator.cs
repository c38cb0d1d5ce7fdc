// One iteration's world: the loop that runs one step of one operation at a time, the strategy's decisions, bug detection.
using System.Text;

namespace SimManila.Simulation;

public sealed partial class Simulator
{
    static readonly SendOrPostCallback StartOperation = state =>
    {
        var op = (SimOperation)state!;
        op.BodyTask = op.Body();
    };

    readonly SchedulingStrategy strategy;
    readonly DecisionLog decisions;
    readonly FaultPlan faults;
    readonly int maxSteps;
    readonly bool logging;
    readonly int untilStep;
    readonly ExecutionBackend backend;

    readonly List<SimOperation> operations = new();
    SimOperation[] ready = new SimOperation[16];
    int readyCount;
    SimOperation? running;
    int stepCount;
    int limboCount;
    int loopThreadId = -1;
    bool finished;
    bool inQuietHooks;

    List<Action>? afterEachStep;
    List<Action>? whenQuiet;
    List<Action>? safetyWhenQuiet;
    List<Action>? onFinished;
    Dictionary<string, bool>? faultActivation;
    Dictionary<string, int>? faultReaches;
    List<StepRecord>? log;
    SimOperation? foreignPost; // written from foreign threads with Interlocked only

    internal Simulator(SchedulingStrategy strategy, DecisionLog decisions, FaultPlan faults, int maxSteps, bool logging, int untilStep,
        ExecutionBackend? backend = null)
    {
        this.backend = backend ?? ExecutionBackend.OurLoop;
        this.strategy = strategy;
        this.decisions = decisions;
        this.faults = faults;
        this.maxSteps = maxSteps;
        this.logging = logging;
        this.untilStep = untilStep;
        if (logging) log = new List<StepRecord>();
    }

    // ---- bug state (first bug wins) ----
    internal BugKind? BugKind { get; private set; }
    internal string? BugMessage { get; private set; }
    internal int BugStep { get; private set; }
    internal string? BugOperation { get; private set; }
    internal int StepCount => stepCount;
    /// <summary>The strategy ended this iteration before the program did (PickNext returned -1); not a bug.</summary>
    internal bool CutShort { get; private set; }
    /// <summary>Fault(site) calls that returned true in this iteration so far.</summary>
    public int FaultsFired { get; private set; }
    internal IReadOnlyList<StepRecord> StepLog => (IReadOnlyList<StepRecord>?)log ?? [];
    internal IReadOnlyList<SimOperation> Operations => operations;

    // ---- operations ----
    public SimOperation? Current => running;

    internal SimOperation CurrentOrThrow() =>
        running ?? throw new InvalidOperationException("this call is only valid inside a simulated operation (use Simulator.Spawn)");

    public SimOperation Spawn(string name, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(body);
        if (finished) throw new InvalidOperationException("the iteration has ended");
        var op = new SimOperation(this, operations.Count, name, body)
        {
            PostedCallback = StartOperation,
            PendingKind = PointKind.Start,
            SpawnedBy = running?.Id ?? -1,
        };
        op.PostedState = op;
        operations.Add(op);
        strategy.OnSpawn(op);
        MakeReady(op);
        backend.OnSpawn(this, op);
        return op;
    }

    // ---- scheduling points ----
    public PointAwaitable Point(PointKind kind, string? resource = null, string? note = null) => new(this, null, kind, resource, note);
    public PointAwaitable Yield() => new(this, null, PointKind.Yield, null, null);
    public PointAwaitable Read(string resource) => new(this, null, PointKind.Read, resource, null);
    public PointAwaitable Write(string resource) => new(this, null, PointKind.Write, resource, null);

    // ---- choices ----
    public bool NextBool(string? site = null) => ChooseBool(0.5);

    public int NextInt(int minInclusive, int maxExclusive, string? site = null)
    {
        if (maxExclusive <= minInclusive)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), $"NextInt: expected maxExclusive > minInclusive, got [{minInclusive}, {maxExclusive})");
        if (maxExclusive - minInclusive == 1) return minInclusive;
        int value = strategy.ChooseInt(this, minInclusive, maxExclusive);
        decisions.Add(Decision.Int(value, minInclusive, maxExclusive));
        if (logging) Log($"choice {site ?? "int"} = {value}");
        return value;
    }

    /// <summary>Whether the iteration's fault settings enable any site at all.</summary>
    public bool AnyFaultSites => faults.Any;

    /// <summary>Whether the iteration's fault settings name <paramref name="site"/> (or enable every site with "*").</summary>
    public bool HasFaultSite(string site) => faults.Any && faults.IsEnabled(site);

    /// <summary>
    /// Whether a fault strikes at this reach of <paramref name="site"/>. May-fire sites are explored choices; planned
    /// sites (once, nth, always) are deterministic and record no decision; delay sites never fire (see FaultDelay).
    /// </summary>
    public bool Fault(string site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (!faults.Any || !faults.TryGetPlan(site, out var plan)) return false;
        switch (plan.Kind)
        {
            case FaultPlanKind.Delay:
                return false;
            case FaultPlanKind.Always:
                return Fired(site);
            case FaultPlanKind.Nth:
                faultReaches ??= new Dictionary<string, int>(StringComparer.Ordinal);
                int reach = faultReaches.GetValueOrDefault(site) + 1;
                faultReaches[site] = reach;
                return reach == plan.N && Fired(site);
        }
        faultActivation ??= new Dictionary<string, bool>(StringComparer.Ordinal);
        if (!faultActivation.TryGetValue(site, out bool active))
        {
            active = ChooseBool(faults.Settings.ActivationProbability);
            faultActivation[site] = active;
            if (logging) Log($"fault site {site} {(active ? "activated" : "inactive")} for this iteration");
        }
        if (!active) return false;
        return ChooseBool(faults.Settings.FireProbability) && Fired(site);
    }

    bool Fired(string site)
    {
        FaultsFired++;
        if (logging) Log($"fault {site} fires");
        return true;
    }

    /// <summary>How much longer a call at <paramref name="site"/> takes under a delay plan; zero otherwise.</summary>
    public TimeSpan FaultDelay(string site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (!faults.Any || !faults.TryGetPlan(site, out var plan) || plan.Kind != FaultPlanKind.Delay) return TimeSpan.Zero;
        if (logging) Log($"fault {site} delays the call by {plan.Delay.TotalMilliseconds} ms");
        return plan.Delay;
    }

    bool ChooseBool(double probability)
    {
        bool value = strategy.ChooseBool(this, probability);
        decisions.Add(Decision.Bool(value));
        return value;
    }

    // ---- checks and story ----
    public void Assert(bool condition, string message)
    {
        if (condition) return;
        Fail(inQuietHooks ? Simulation.BugKind.Liveness : Simulation.BugKind.AssertionFailed, message, running);
        throw new SimulationStopException();
    }

    public bool IsLogging => logging;

    /// <summary>True in the few runs PCT makes to estimate a schedule's length before a run explores: they are no
    /// schedule of the run, so an observer tallying outcomes per schedule skips them.</summary>
    public bool IsCalibration { get; internal init; }

    public void Log(string note)
    {
        if (!logging || log!.Count == 0) return;
        var last = log[^1];
        log[^1] = last with { Note = last.Note is null ? note : last.Note + "; " + note };
    }

    public void AfterEachStep(Action check) => (afterEachStep ??= new List<Action>()).Add(check ?? throw new ArgumentNullException(nameof(check)));
    public void WhenQuiet(Action check) => (whenQuiet ??= new List<Action>()).Add(check ?? throw new ArgumentNullException(nameof(check)));

    /// <summary>A safety check made once quiet (it needs the settled state, not progress): its failure is AssertionFailed,
    /// not Liveness. These run before the WhenQuiet checks.</summary>
    public void CheckWhenQuiet(Action check) => (safetyWhenQuiet ??= new List<Action>()).Add(check ?? throw new ArgumentNullException(nameof(check)));

    /// <summary>Clean-up that runs once the iteration has ended, whatever its outcome (a bug included).</summary>
    public void OnFinished(Action cleanup) => (onFinished ??= new List<Action>()).Add(cleanup ?? throw new ArgumentNullException(nameof(cleanup)));

    internal void RunFinishers()
    {
        if (onFinished is null) return;
        foreach (var cleanup in onFinished)
        {
            try
            {
                cleanup();
            }
            catch (Exception ex) when (ex is not SimulationStopException)
            {
                if (BugKind is null) Fail(Simulation.BugKind.UnhandledException, $"a clean-up threw {ex.GetType().Name}: {ex.Message}", null);
            }
        }
    }

    // ---- crashes: the operations of a process end with it ----

    /// <summary>
    /// Ends every live operation whose Owner is <paramref name="owner"/>, as a process crash ends its threads: none of
    /// their continuations, finally blocks or lock releases runs again. One inside a shielded region (work an outside
    /// system finishes, such as a backend's) runs to the end of the region and ends at its next scheduling point.
    /// Awaiting the result ends the caller too when it is one of them; for any other caller it is a plain yield.
    /// </summary>
    public PointAwaitable Crash(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        int ended = 0;
        foreach (var op in operations)
        {
            if (op.Owner != owner || op.State == OpState.Completed || op.Doomed) continue;
            op.Doomed = true;
            ended++;
            if (op != running && op.Shield == 0) Kill(op);
        }
        if (logging) Log($"crash of {owner}: {ended} operation(s) end");
        return Yield();
    }

    /// <summary>Starts a shielded region of the running operation (see Crash); disposing the scope ends it.</summary>
    public ShieldScope Shield()
    {
        var op = CurrentOrThrow();
        op.Shield++;
        return new ShieldScope(op);
    }

    void Kill(SimOperation op)
    {
        if (op.ReadyIndex >= 0) RemoveReady(op);
        if (op.WaitingOn is { } waitable)
        {
            op.WaitingOn = null;
            waitable.RemoveContender(op);
        }
        if (op.State == OpState.Limbo) limboCount--;
        op.Continuation = null;
        op.PostedCallback = null;
        op.PostedState = null;
        op.State = OpState.Completed;
        op.Killed = true;
        if (logging) log!.Add(new StepRecord(stepCount, Now, op.Name, PointKind.Complete, null, $"ended by the crash of {op.Owner}"));
        op.CompletionWaiters?.Completed();
    }

    // ---- primitives ----
    public SimMutex NewMutex(string name) => new(this, name);
    public SimSemaphore NewSemaphore(string name, int initialCount) => new(this, name, initialCount);
    public SimSignal NewSignal(string name, bool autoReset = false) => new(this, name, autoReset);
    public SimChannel<T> NewChannel<T>(string name, int capacity) => new(this, name, capacity);
    public SimCompletion<T> NewCompletion<T>(string name) => new(this, name);

    // ---- the loop ----
    internal void Run()
    {
        loopThreadId = Environment.CurrentManagedThreadId;
        var previous = SynchronizationContext.Current;
        try
        {
            backend.Run(this);
        }
        finally
        {
            finished = true;
            running = null;
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    internal void Loop()
    {
        while (BugKind is null)
        {
            if (readyCount == 0 || MainReturned)
            {
                if (!MainReturned && AdvanceTime()) continue;
                EndOfIteration();
                return;
            }
            if (stepCount >= maxSteps)
            {
                FailStepLimit();
                return;
            }
            SimOperation op;
            if (readyCount == 1)
            {
                op = ready[0];
            }
            else
            {
                int index = strategy.PickNext(this, ready, readyCount);
                if (BugKind is not null) return; // replay diverged
                if (index < 0)
                {
                    CutShort = true; // the strategy ends this schedule here (DFS: it repeats an explored one)
                    return;
                }
                op = ready[index];
                decisions.Add(Decision.Schedule(op.Id, readyCount));
            }
            RunStep(op);
            if (stepCount == untilStep) return;
        }
    }

    void RunStep(SimOperation op)
    {
        RemoveReady(op);
        var waitable = op.WaitingOn;
        if (waitable is not null)
        {
            op.WaitingOn = null;
            waitable.RemoveContender(op);
            if (!op.TimedOut) waitable.Grant(op);
            Refresh(waitable);
        }
        var kind = op.PendingKind;
        var resource = op.PendingResource;
        stepCount++;
        if (logging) log!.Add(new StepRecord(stepCount, Now, op.Name, kind, resource, op.PendingNote));
        op.PendingNote = null;
        op.State = OpState.Running;
        running = op;
        SynchronizationContext.SetSynchronizationContext(op.Context);
        try
        {
            var continuation = op.Continuation;
            if (continuation is not null)
            {
                op.Continuation = null;
                continuation();
            }
            else
            {
                var callback = op.PostedCallback!;
                var state = op.PostedState;
                op.PostedCallback = null;
                op.PostedState = null;
                callback(state);
            }
        }
        catch (SimulationStopException)
        {
        }
        catch (Exception ex)
        {
            Fail(Simulation.BugKind.UnhandledException, $"operation '{op.Name}' threw {ex.GetType().Name}: {ex.Message}", op);
        }
        running = null;
        if (op.State == OpState.Running)
        {
            var task = op.BodyTask;
            if (task is not null && task.IsCompleted) Complete(op, task);
            else
            {
                op.State = OpState.Limbo;
                limboCount++;
            }
        }
        strategy.OnStepped(op, kind, resource, ready, readyCount);
        if (afterEachStep is not null && BugKind is null) RunHooks(afterEachStep);
    }

    void Complete(SimOperation op, Task task)
    {
        op.State = OpState.Completed;
        if (logging) log!.Add(new StepRecord(stepCount, Now, op.Name, PointKind.Complete, null, task.IsFaulted ? "faulted" : null));
        if (task.IsFaulted)
        {
            var ex = task.Exception!.InnerException ?? task.Exception;
            if (ex is not SimulationStopException)
                Fail(Simulation.BugKind.UnhandledException, $"operation '{op.Name}' threw {ex.GetType().Name}: {ex.Message}", op);
        }
        else if (task.IsCanceled)
        {
            Fail(Simulation.BugKind.UnhandledException, $"operation '{op.Name}' was canceled", op);
        }
        op.CompletionWaiters?.Completed();
    }

    void RunHooks(List<Action> hooks)
    {
        for (int i = 0; i < hooks.Count && BugKind is null; i++)
        {
            try
            {
                hooks[i]();
            }
            catch (SimulationStopException)
            {
            }
            catch (Exception ex)
            {
                Fail(inQuietHooks ? Simulation.BugKind.Liveness : Simulation.BugKind.UnhandledException,
                    $"check threw {ex.GetType().Name}: {ex.Message}", null);
            }
        }
    }

    internal void EndOfIteration()
    {
        if (limboCount > 0 && !MainReturned)
        {
            foreach (var op in operations)
            {
                if (op.State != OpState.Limbo) continue;
                if (op.BodyTask is { IsCompleted: true } done)
                {
                    // Finished inside another operation's step (e.g. after ConfigureAwait(false)); not lost, but not controlled either.
                    limboCount--;
                    Complete(op, done);
                    continue;
                }
                Fail(Simulation.BugKind.UncontrolledConcurrency,
                    $"operation '{op.Name}' awaited something the engine does not control (Task.Run, Task.Delay, real I/O, " +
                    "a task no operation completes) and nothing on the loop ever woke it", op);
                return;
            }
            if (BugKind is not null) return;
        }
        // A program whose main operation returned is over: whoever still waits is abandoned, as at a process exit.
        if (!horizonReached && !MainReturned)
        {
            StringBuilder? report = null;
            foreach (var op in operations)
            {
                if (op.State != OpState.Blocked) continue;
                report ??= new StringBuilder("deadlock: nothing is ready and no timer can wake anyone: ");
                report.Append('\'').Append(op.Name).Append("' ").Append(op.WaitingOn!.DescribeWait(op)).Append("; ");
            }
            if (report is not null)
            {
                report.Length -= 2;
                Fail(Simulation.BugKind.Deadlock, report.ToString(), null);
                return;
            }
        }
        else if (!MainReturned && FindLockCycle() is { } cycle)
        {
            // Timers beyond the horizon may still wake plain waiters, but never a cycle of mutex owners.
            Fail(Simulation.BugKind.Deadlock, "deadlock at the horizon: " + cycle, null);
            return;
        }
        if (safetyWhenQuiet is not null)
        {
            RunHooks(safetyWhenQuiet);
            if (BugKind is not null) return;
        }
        if (whenQuiet is not null)
        {
            inQuietHooks = true;
            RunHooks(whenQuiet);
            inQuietHooks = false;
            if (BugKind is not null) return;
        }
        var foreign = Volatile.Read(ref foreignPost);
        if (foreign is not null)
            Fail(Simulation.BugKind.UncontrolledConcurrency,
                $"a continuation of operation '{foreign.Name}' was posted from a thread other than the simulation loop", foreign);
    }

    /// <summary>A cycle of blocked operations each waiting for a mutex the next one holds, described; else null.</summary>
    string? FindLockCycle()
    {
        foreach (var start in operations)
        {
            var op = start;
            for (int hops = 0; hops <= operations.Count; hops++)
            {
                if (op.State != OpState.Blocked || op.WaitingOn is not SimMutex { Owner: { } owner }) break;
                op = owner;
                if (op != start) continue;
                var text = new StringBuilder();
                var walk = start;
                do
                {
                    if (text.Length > 0) text.Append("; ");
                    text.Append('\'').Append(walk.Name).Append("' ").Append(walk.WaitingOn!.DescribeWait(walk));
                    walk = ((SimMutex)walk.WaitingOn!).Owner!;
                } while (walk != start);
                return text.ToString();
            }
        }
        return null;
    }

    internal void Fail(BugKind kind, string message, SimOperation? op)
    {
        if (BugKind is not null) return;
        BugKind = kind;
        BugMessage = message;
        BugStep = stepCount;
        BugOperation = op?.Name;
        if (logging) log!.Add(new StepRecord(stepCount, Now, op?.Name ?? "(engine)", PointKind.Complete, null, $"BUG {kind}: {message}"));
    }

    // ---- parking and waking ----
    internal void Park(Action continuation, SimWaitable? target, PointKind kind, string? resource, string? note, long delayTicks, long timeoutTicks)
    {
        var op = running ?? throw new InvalidOperationException(
            "a simulator awaitable was awaited outside a simulated operation (use Simulator.Spawn)");
        if (op.Doomed && op.Shield == 0)
        {
            Kill(op); // its process crashed: the continuation is dropped, as the thread is gone
            return;
        }
        if (op.State != OpState.Running)
        {
            Fail(Simulation.BugKind.UncontrolledConcurrency,
                $"operation '{op.Name}' has two pending continuations: an async call inside it was started but not awaited " +
                "(spawn an operation instead), or another operation's continuation ran inline in its step", op);
            return;
        }
        op.Continuation = continuation;
        op.PendingKind = kind;
        op.PendingResource = resource;
        op.PendingNote = logging ? note : null;
        if (target is null)
        {
            if (delayTicks > 0)
            {
                op.State = OpState.Delayed;
                op.WaitGeneration++;
                AddTimer(nowTicks + delayTicks, new TimerEntry(TimerEntryKind.Delay, op, op.WaitGeneration, null));
            }
            else
            {
                MakeReady(op);
            }
            return;
        }
        op.TimedOut = false;
        op.WaitGeneration++;
        op.WaitingOn = target;
        target.AddContender(op);
        if (target.CanGrant(op)) MakeReady(op);
        else op.State = OpState.Blocked;
        if (timeoutTicks >= 0) AddTimer(nowTicks + timeoutTicks, new TimerEntry(TimerEntryKind.Timeout, op, op.WaitGeneration, null));
    }

    internal void OnPost(SimOperation op, SendOrPostCallback callback, object? state)
    {
        if (!backend.IsStepThread(this) || finished)
        {
            Interlocked.CompareExchange(ref foreignPost, op, null);
            return;
        }
        if (op.Killed) return; // something a crashed operation awaited finished: nobody is left to continue
        if (op.Doomed && op.Shield == 0)
        {
            Kill(op);
            return;
        }
        if (op.State is not (OpState.Running or OpState.Limbo))
        {
            Fail(Simulation.BugKind.UncontrolledConcurrency, op.State == OpState.Completed
                ? $"a continuation was posted to operation '{op.Name}' after it completed (a fire-and-forget task inside it?)"
                : $"operation '{op.Name}' has two pending continuations (a fire-and-forget task inside it?)", op);
            return;
        }
        // Posted to itself during its own step: Task.Yield (an explicit yield). From limbo: woken by another operation.
        op.PendingKind = op.State == OpState.Running ? PointKind.Yield : PointKind.Receive;
        if (op.State == OpState.Limbo) limboCount--;
        op.PostedCallback = callback;
        op.PostedState = state;
        op.PendingResource = null;
        MakeReady(op);
    }

    internal void OnForeignSend(SimOperation op)
    {
        if (!backend.IsStepThread(this)) Interlocked.CompareExchange(ref foreignPost, op, null);
        else Fail(Simulation.BugKind.UncontrolledConcurrency, $"synchronous Send to operation '{op.Name}' is not supported", op);
    }

    void MakeReady(SimOperation op)
    {
        if (readyCount == ready.Length) Array.Resize(ref ready, ready.Length * 2);
        op.ReadyIndex = readyCount;
        ready[readyCount++] = op;
        op.State = OpState.Ready;
        strategy.OnEnabled(op);
    }

    void RemoveReady(SimOperation op)
    {
        int index = op.ReadyIndex;
        var last = ready[--readyCount];
        ready[index] = last;
        last.ReadyIndex = index;
        ready[readyCount] = null!;
        op.ReadyIndex = -1;
    }

    /// <summary>Re-evaluates which waiters of a primitive are enabled after its state changed.</summary>
    internal void Refresh(SimWaitable waitable)
    {
        var contenders = waitable.Contenders;
        for (int i = 0; i < contenders.Count; i++)
        {
            var op = contenders[i];
            bool enabled = waitable.CanGrant(op);
            if (enabled && op.ReadyIndex < 0) MakeReady(op);
            else if (!enabled && op.ReadyIndex >= 0)
            {
                RemoveReady(op);
                op.State = OpState.Blocked;
            }
        }
    }

    /// <summary>For a replay that no longer fits the program: stop with NonDeterminism naming the step.</summary>
    internal void Diverged(string message) => Fail(Simulation.BugKind.NonDeterminism, $"replay diverged at step {stepCount + 1}: {message}", running);

    /// <summary>"'name' #id at Kind resource (state)" for an operation id, or a note that no such operation exists yet.</summary>
    internal string DescribeOperation(int id)
    {
        if (id < 0 || id >= operations.Count) return $"operation #{id} (not spawned in this run)";
        var op = operations[id];
        return $"'{op.Name}' #{id} at {op.PendingKind}{(op.PendingResource is null ? "" : " " + op.PendingResource)} ({op.State.ToString().ToLowerInvariant()})";
    }

    internal string DescribeReady()
    {
        var text = new StringBuilder();
        for (int i = 0; i < readyCount; i++)
        {
            if (i > 0) text.Append(", ");
            var op = ready[i];
            text.Append('\'').Append(op.Name).Append("' #").Append(op.Id).Append(' ').Append(op.PendingKind);
            if (op.PendingResource is not null) text.Append(' ').Append(op.PendingResource);
        }
        return text.ToString();
    }
}
