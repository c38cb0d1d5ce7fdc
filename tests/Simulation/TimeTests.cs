// Virtual time: delays order by time, the clock jumps, timeouts fire, timers tick, the horizon stops periodic timers.
namespace SimManila.Simulation.Tests;

public class TimeTests
{
    static SimSettings Settings(string name) => new() { ProgramName = name, Seed = 3, Iterations = 50 };

    [Fact]
    public void DelaysOrderByTimeAndTheClockJumps()
    {
        SimTest.AssertNoBug(Settings("delays"), sim =>
        {
            var order = new List<string>();
            foreach (var (name, ms) in new[] { ("slow", 300), ("fast", 100), ("mid", 200) })
                sim.Spawn(name, async () =>
                {
                    await sim.Delay(TimeSpan.FromMilliseconds(ms));
                    sim.Assert(sim.Now == TimeSpan.FromMilliseconds(ms), $"{name} woke at {sim.Now}");
                    order.Add(name);
                });
            sim.WhenQuiet(() =>
            {
                sim.Assert(string.Join(",", order) == "fast,mid,slow", string.Join(",", order));
                sim.Assert(sim.UtcNow == new DateTime(2026, 1, 1, 0, 0, 0, 300, DateTimeKind.Utc), "epoch + now");
            });
        });
    }

    [Fact]
    public void HoursOfVirtualTimeTakeNoRealTime()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        SimTest.AssertNoBug(Settings("hours") with { Iterations = 5 }, sim =>
            sim.Spawn("sleeper", async () =>
            {
                for (int i = 0; i < 100; i++) await sim.Delay(TimeSpan.FromHours(1));
                sim.Assert(sim.Now == TimeSpan.FromHours(100), "100 hours passed");
            }));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void SignalAndCompletionTimeoutsFire()
    {
        SimTest.AssertNoBug(Settings("timeouts"), sim =>
        {
            var never = sim.NewSignal("never");
            var reply = sim.NewCompletion<int>("reply");
            var late = sim.NewCompletion<int>("late");
            sim.Spawn("waiter", async () =>
            {
                bool got = await never.WaitAsync(TimeSpan.FromSeconds(5));
                sim.Assert(!got && sim.Now == TimeSpan.FromSeconds(5), "signal wait timed out at 5s");
                var (ok, value) = await reply.WaitAsync(TimeSpan.FromSeconds(10));
                sim.Assert(ok && value == 7, "reply arrived before its timeout");
                var (lateOk, _) = await late.WaitAsync(TimeSpan.FromSeconds(1));
                sim.Assert(!lateOk && sim.Now == TimeSpan.FromSeconds(9), $"late reply timed out at 9s, now {sim.Now}");
            });
            sim.Spawn("replier", async () =>
            {
                await sim.Delay(TimeSpan.FromSeconds(8));
                reply.SetResult(7);
                await sim.Delay(TimeSpan.FromSeconds(100));
                late.SetResult(1);
            });
            // The granted reply's 10 s timeout is stale and must not move the clock: the last event is at 108 s.
            sim.WhenQuiet(() => sim.Assert(sim.Now == TimeSpan.FromSeconds(108), $"clock at {sim.Now}"));
        });
    }

    [Fact]
    public void TimersTickAndTheHorizonStopsPeriodicTimers()
    {
        int lastTicks = 0;
        SimTest.AssertNoBug(Settings("timers"), sim =>
        {
            sim.Horizon = TimeSpan.FromMinutes(1);
            int ticks = 0, oneShots = 0;
            sim.StartTimer("heartbeat", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), async () =>
            {
                await sim.Yield();
                ticks++;
                sim.Assert(sim.Current!.Name == $"heartbeat#{ticks}", sim.Current.Name);
            });
            sim.StartTimer("once", TimeSpan.FromSeconds(30), TimeSpan.Zero, () => { oneShots++; return Task.CompletedTask; });
            var stopped = sim.StartTimer("stopped", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), () => { ticks += 1000; return Task.CompletedTask; });
            stopped.Stop();
            sim.WhenQuiet(() =>
            {
                lastTicks = ticks;
                sim.Assert(ticks == 6 && oneShots == 1, $"ticks {ticks}, one-shots {oneShots}");
            });
        });
        Assert.Equal(6, lastTicks);
    }

    [Fact]
    public void AtHorizonRunsOnceAndMayMoveTheHorizonLater()
    {
        int lastTicks = 0, lastHooks = 0;
        SimTest.AssertNoBug(Settings("at-horizon"), sim =>
        {
            sim.Horizon = TimeSpan.FromSeconds(35);
            int ticks = 0, hooks = 0;
            sim.StartTimer("poll", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), () => { ticks++; return Task.CompletedTask; });
            sim.AtHorizon(() =>
            {
                hooks++;
                sim.Assert(sim.Now == TimeSpan.FromSeconds(30), $"the hook runs before the clock passes the horizon, at {sim.Now}");
                sim.Horizon += TimeSpan.FromSeconds(20);
            });
            sim.WhenQuiet(() => (lastTicks, lastHooks) = (ticks, hooks));
        });
        Assert.Equal(5, lastTicks); // 10..30, then 40 and 50 in the 20 s the hook added
        Assert.Equal(1, lastHooks);
    }

    [Fact]
    public void PeriodicTimerWithoutHorizonIsAStepLimit()
    {
        var bug = SimTest.FindBug(Settings("no-horizon") with { MaxSteps = 300 }, sim =>
            sim.StartTimer("tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), () => Task.CompletedTask));
        Assert.Equal(BugKind.StepLimit, bug.Kind);
    }

    [Fact]
    public void LockCycleIsADeadlockEvenWhenTheHorizonEndsTheIteration()
    {
        var bug = SimTest.FindBug(Settings("horizon-deadlock") with { Iterations = 200 }, sim =>
        {
            sim.Horizon = TimeSpan.FromSeconds(30);
            sim.StartTimer("heartbeat", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), () => Task.CompletedTask);
            Programs.LockOrder(sim);
        });
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.Contains("deadlock at the horizon", bug.Message);
        Assert.Contains("held by", bug.Message);
    }
}
