// Virtual time for an iteration: the clock, delays, timeouts and timers; the clock jumps when nothing is ready.
namespace SimManila.Simulation;

internal enum TimerEntryKind : byte { Delay, Timeout, Tick }

internal readonly record struct TimerEntry(TimerEntryKind Kind, SimOperation? Op, long Generation, SimTimer? Timer);

public sealed partial class Simulator
{
    public static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    PriorityQueue<TimerEntry, (long ticks, long sequence)>? timers;
    long timerSequence;
    long nowTicks;
    bool horizonReached;

    public TimeSpan Now => new(nowTicks);
    public DateTime UtcNow => Epoch.AddTicks(nowTicks);

    /// <summary>Virtual-time limit for timers: no tick starts after it, while operations already running finish
    /// their delays; the iteration ends once nothing is left.</summary>
    public TimeSpan? Horizon { get; set; }

    Action? atHorizon;

    /// <summary>Runs <paramref name="action"/> once, when the first tick falls due past the horizon, before that tick is
    /// dropped: the action may move the horizon later (a recovery window once faults stop), and the tick then starts.</summary>
    public void AtHorizon(Action action) => atHorizon = action ?? throw new ArgumentNullException(nameof(action));

    public PointAwaitable Delay(TimeSpan delay, string? note = null) =>
        new(this, null, PointKind.Timer, null, note, Math.Max(0, delay.Ticks));

    /// <summary>Each tick runs as a new operation "name#n". A zero period makes a one-shot timer.</summary>
    public SimTimer StartTimer(string name, TimeSpan dueTime, TimeSpan period, Func<Task> tick)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tick);
        if (dueTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "must be >= 0");
        if (period < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), period, "must be >= 0 (zero = one-shot)");
        var timer = new SimTimer(name, period, tick);
        AddTimer(nowTicks + dueTime.Ticks, new TimerEntry(TimerEntryKind.Tick, null, 0, timer));
        return timer;
    }

    void AddTimer(long dueTicks, TimerEntry entry)
    {
        timers ??= new PriorityQueue<TimerEntry, (long, long)>();
        timers.Enqueue(entry, (dueTicks, timerSequence++));
    }

    /// <summary>Jumps the clock to the next timer(s) and fires them; false when none is left within the horizon.</summary>
    internal bool AdvanceTime()
    {
        if (timers is null) return false;
        while (timers.TryPeek(out var first, out var due))
        {
            if (!IsLive(first))
            {
                timers.Dequeue(); // a wait that was granted, or a stopped timer: it must not move the clock
                continue;
            }
            if (Horizon is { } horizon && due.ticks > horizon.Ticks && first.Kind == TimerEntryKind.Tick)
            {
                if (atHorizon is { } hook)
                {
                    atHorizon = null;
                    hook();
                    continue;
                }
                // Past the horizon no new tick starts; work already running (delays, timeouts) drains to the end.
                horizonReached = true;
                timers.Dequeue();
                continue;
            }
            if (due.ticks > nowTicks) nowTicks = due.ticks;
            while (timers.TryPeek(out var entry, out var next) && next.ticks <= nowTicks)
            {
                timers.Dequeue();
                Fire(entry);
            }
            if (readyCount > 0) return true;
        }
        return false;
    }

    static bool IsLive(TimerEntry entry) => entry.Kind switch
    {
        TimerEntryKind.Delay => entry.Op!.State == OpState.Delayed && entry.Op.WaitGeneration == entry.Generation,
        TimerEntryKind.Timeout => entry.Op!.WaitingOn is not null && entry.Op.WaitGeneration == entry.Generation,
        _ => !entry.Timer!.IsStopped,
    };

    void Fire(TimerEntry entry)
    {
        var op = entry.Op;
        switch (entry.Kind)
        {
            case TimerEntryKind.Delay:
                if (op!.State == OpState.Delayed && op.WaitGeneration == entry.Generation) MakeReady(op);
                break;
            case TimerEntryKind.Timeout:
                if (op!.WaitingOn is { } waitable && op.WaitGeneration == entry.Generation)
                {
                    waitable.RemoveContender(op);
                    op.WaitingOn = null;
                    op.TimedOut = true;
                    op.PendingKind = PointKind.Timer;
                    if (op.ReadyIndex < 0) MakeReady(op);
                }
                break;
            case TimerEntryKind.Tick:
                var timer = entry.Timer!;
                if (timer.IsStopped) break;
                timer.TickCount++;
                var tickOp = Spawn(timer.Name + "#" + timer.TickCount, timer.Tick);
                tickOp.PendingKind = PointKind.Timer;
                tickOp.PendingResource = timer.Name;
                if (timer.Period > TimeSpan.Zero)
                    AddTimer(nowTicks + timer.Period.Ticks, entry);
                break;
        }
    }
}
