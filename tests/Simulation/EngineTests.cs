// The loop's contract: steps, nested awaits, Task.Yield, completions, bug kinds and their messages.
namespace SimManila.Simulation.Tests;

public class EngineTests
{
    static SimSettings Settings(string name, int iterations = 50, StrategyKind strategy = StrategyKind.Random) =>
        new() { ProgramName = name, Seed = 7, Iterations = iterations, Strategy = strategy };

    static async Task NestedYields(Simulator sim, int count)
    {
        for (int i = 0; i < count; i++) await sim.Yield();
    }

    [Fact]
    public void NestedAsyncMethodsAndTaskYieldStayOnTheLoop()
    {
        int finished = 0;
        var summary = SimTest.AssertNoBug(Settings("nested"), sim =>
        {
            for (int i = 0; i < 3; i++)
                sim.Spawn($"op{i}", async () =>
                {
                    await NestedYields(sim, 3);
                    await Task.Yield();
                    await NestedYields(sim, 2);
                    sim.Assert(sim.Current is not null, "Current is set inside an operation");
                    finished++;
                });
        });
        Assert.Equal(150, finished);
        // each op: start + 3 yields + Task.Yield + 2 yields = 7 steps
        Assert.Equal(21, summary.StepsMin);
        Assert.Equal(21, summary.StepsMax);
    }

    [Fact]
    public void AwaitingAnotherOperationsCompletion()
    {
        var order = new List<string>();
        SimTest.AssertNoBug(Settings("completion"), sim =>
        {
            order.Clear();
            var first = sim.Spawn("first", async () => { await sim.Yield(); await sim.Yield(); order.Add("first"); });
            sim.Spawn("second", async () => { await first.Completion; order.Add("second"); sim.Assert(first.IsCompleted, "first completed"); });
        });
        Assert.Equal(["first", "second"], order);
    }

    [Fact]
    public void UnhandledExceptionNamesTheOperation()
    {
        var bug = SimTest.FindBug(Settings("throws"), sim =>
            sim.Spawn("thrower", async () =>
            {
                await sim.Yield();
                throw new InvalidOperationException("boom");
            }));
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Equal("thrower", bug.OperationName);
        Assert.Contains("InvalidOperationException: boom", bug.Message);
    }

    [Fact]
    public void TaskRunIsUncontrolledConcurrencyNotAHang()
    {
        var bug = SimTest.FindBug(Settings("task-run", 5), sim =>
        {
            sim.Spawn("escaper", async () =>
            {
                await sim.Yield();
                await Task.Run(() => Thread.Sleep(20));
            });
            sim.Spawn("bystander", async () => await sim.Yield());
        });
        Assert.Equal(BugKind.UncontrolledConcurrency, bug.Kind);
        Assert.Equal("escaper", bug.OperationName);
        Assert.Contains("escaper", bug.Message);
        Assert.Equal(0, bug.Iteration);
    }

    [Fact]
    public void TaskCompletedByAnotherOperationIsControlled()
    {
        SimTest.AssertNoBug(Settings("tcs"), sim =>
        {
            var tcs = new TaskCompletionSource<int>();
            sim.Spawn("waiter", async () => sim.Assert(await tcs.Task == 42, "value"));
            sim.Spawn("setter", async () => { await sim.Yield(); tcs.SetResult(42); });
        });
    }

    [Fact]
    public void FireAndForgetInsideAnOperationIsReported()
    {
        var bug = SimTest.FindBug(Settings("fork"), sim =>
            sim.Spawn("forker", async () =>
            {
                _ = NestedYields(sim, 2);
                await sim.Yield();
            }));
        Assert.Equal(BugKind.UncontrolledConcurrency, bug.Kind);
        Assert.Contains("two pending continuations", bug.Message);
    }

    [Fact]
    public void DeadlockReportsWhoWaitsOnWhatAndWhoHoldsIt()
    {
        var bug = SimTest.FindBug(Settings("deadlock", 200), Programs.LockOrder);
        Assert.Equal(BugKind.Deadlock, bug.Kind);
        Assert.Contains("'ab' waits for mutex 'lock-b' (held by 'ba')", bug.Message);
        Assert.Contains("'ba' waits for mutex 'lock-a' (held by 'ab')", bug.Message);
    }

    [Fact]
    public void StepLimitCatchesALivelock()
    {
        var bug = SimTest.FindBug(Settings("spin") with { MaxSteps = 500 }, sim =>
        {
            bool flag = false;
            sim.Spawn("spinner", async () => { while (!flag) await sim.Yield(); });
        });
        Assert.Equal(BugKind.StepLimit, bug.Kind);
        Assert.Equal(500, bug.Step);
    }

    [Fact]
    public void WhenQuietFailureIsLiveness()
    {
        var bug = SimTest.FindBug(Settings("stuck"), sim =>
        {
            string status = "creating";
            sim.Spawn("worker", async () => { await sim.Yield(); if (sim.NextBool("finish")) status = "available"; });
            sim.WhenQuiet(() => sim.Assert(status == "available", $"share left in '{status}'"));
        });
        Assert.Equal(BugKind.Liveness, bug.Kind);
        Assert.Contains("creating", bug.Message);
    }

    [Fact]
    public void PrimitivesWorkTogether()
    {
        SimTest.AssertNoBug(Settings("primitives", 200), sim =>
        {
            var channel = sim.NewChannel<int>("queue", 2);
            var semaphore = sim.NewSemaphore("slots", 1);
            var done = sim.NewCompletion<int>("sum");
            int inside = 0;
            sim.Spawn("producer", async () => { for (int i = 1; i <= 5; i++) await channel.SendAsync(i); });
            sim.Spawn("consumer", async () =>
            {
                int sum = 0;
                for (int i = 0; i < 5; i++) sum += await channel.ReceiveAsync();
                done.SetResult(sum);
            });
            for (int k = 0; k < 3; k++)
                sim.Spawn($"user{k}", async () =>
                {
                    await semaphore.WaitAsync();
                    inside++;
                    sim.Assert(inside == 1, "semaphore admits one");
                    await sim.Yield();
                    inside--;
                    semaphore.Release();
                    sim.Assert(await done.WaitAsync() == 15, "sum of 1..5");
                });
        });
    }

    [Fact]
    public void FaultSitesFollowActivationAndAreRecorded()
    {
        int fired = 0, reached = 0;
        var settings = Settings("faults", 400) with { Faults = new FaultSettings { EnabledSites = ["disk"] } };
        SimTest.AssertNoBug(settings, sim =>
            sim.Spawn("io", async () =>
            {
                for (int i = 0; i < 4; i++)
                {
                    await sim.Yield();
                    reached++;
                    if (sim.Fault("disk")) fired++;
                    sim.Assert(!sim.Fault("network"), "sites not enabled never fire");
                }
            }));
        // activation .25, fire .25: about 1/16 of reaches fire
        Assert.InRange(fired, reached / 40, reached / 8);
    }

    [Fact]
    public void ReplayLogReadsLikeAStory()
    {
        var bug = SimTest.FindBug(Settings("story", 200), Programs.LostUpdate);
        var replay = SimRunner.Replay(bug.Trace, Programs.LostUpdate);
        Assert.Contains(replay.Log, r => r.Kind == PointKind.Read && r.Resource == "counter");
        Assert.Contains(replay.Log, r => r.Kind == PointKind.Write && r.Resource == "counter");
        Assert.Contains("BUG AssertionFailed", replay.LogText());
        var partial = SimRunner.Replay(bug.Trace, Programs.LostUpdate, untilStep: 3);
        Assert.Null(partial.Bug);
        Assert.Equal(3, partial.Steps);
    }

    [Fact]
    public void AssertNoBugThrowsWithLogAndTracePath()
    {
        var dir = Path.Combine(Path.GetTempPath(), "simmanila-tests-" + Environment.ProcessId);
        var previous = SimTest.TraceDirectory;
        SimTest.TraceDirectory = dir;
        try
        {
            var ex = Assert.Throws<SimulationBugException>(() => SimTest.AssertNoBug(Settings("lost", 200), Programs.LostUpdate));
            Assert.NotNull(ex.TracePath);
            Assert.True(File.Exists(ex.TracePath));
            Assert.Contains(ex.TracePath!, ex.Message);
            Assert.Contains("sm1:", ex.Message);
            Assert.Contains("step log:", ex.Message);
            var replay = SimTest.Replay(Settings("lost"), ex.TracePath!, Programs.LostUpdate);
            Assert.Equal(ex.Bug.Step, replay.Bug!.Step);
        }
        finally
        {
            SimTest.TraceDirectory = previous;
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void FindBugThrowsWhenNoneIsFound()
    {
        var ex = Assert.Throws<SimulationNoBugException>(() => SimTest.FindBug(Settings("clean", 20), Programs.LostUpdateTwin));
        Assert.Contains("20 schedules", ex.Message);
    }

    [Fact]
    public void PostFromAnotherThreadIsUncontrolledConcurrency()
    {
        var bug = SimTest.FindBug(Settings("foreign-post", 3), sim =>
            sim.Spawn("leaky", async () =>
            {
                await sim.Yield();
                var context = SynchronizationContext.Current!;
                // The loop is blocked in this step until the foreign thread has posted, so detection is deterministic.
                var thread = new Thread(() => context.Post(_ => { }, null));
                thread.Start();
                thread.Join();
            }));
        Assert.Equal(BugKind.UncontrolledConcurrency, bug.Kind);
        Assert.Contains("posted from a thread other than the simulation loop", bug.Message);
        Assert.Equal("leaky", bug.OperationName);
    }

    [Fact]
    public void BoundedChannelNeverHoldsMoreThanItsCapacity()
    {
        SimTest.AssertNoBug(Settings("channel-bound", 300), sim =>
        {
            var channel = sim.NewChannel<string>("jobs", 1);
            var received = new List<string>();
            sim.AfterEachStep(() => sim.Assert(channel.Count <= 1, $"channel holds {channel.Count}"));
            sim.Spawn("producer", async () =>
            {
                foreach (var job in new[] { "a", "b", "c" }) await channel.SendAsync(job);
            });
            sim.Spawn("consumer", async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    await sim.Yield();
                    received.Add(await channel.ReceiveAsync());
                }
                sim.Assert(string.Join("", received) == "abc", "FIFO order");
            });
        });
    }

    [Fact]
    public void MutexMisuseIsAnUnhandledException()
    {
        var bug = SimTest.FindBug(Settings("mutex-misuse", 5), sim =>
        {
            var m = sim.NewMutex("m");
            sim.Spawn("releaser", async () =>
            {
                await sim.Yield();
                m.Release();
            });
        });
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Contains("released by 'releaser' but held by 'nobody'", bug.Message);
    }

    [Fact]
    public void TimeBudgetStopsTheRunAndProgressIsReported()
    {
        var reports = new List<RunProgress>();
        var progress = new SynchronousProgress(reports.Add);
        var summary = SimRunner.Explore(
            Settings("budget", int.MaxValue) with { TimeBudget = TimeSpan.FromMilliseconds(300) }, Programs.LostUpdateTwin, progress);
        Assert.InRange(summary.Schedules, 1, int.MaxValue - 1);
        Assert.True(summary.Elapsed < TimeSpan.FromSeconds(10));
        Assert.NotEmpty(reports);
        Assert.Equal(summary.Schedules, reports[^1].Schedules);
    }

    sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }

    [Fact]
    public void SummaryCountsStepsAndDistinctSchedules()
    {
        var summary = SimRunner.Explore(Settings("summary", 300), sim =>
        {
            sim.Spawn("a", async () => { await sim.Yield(); await sim.Yield(); });
            sim.Spawn("b", async () => { await sim.Yield(); });
        });
        Assert.Equal(300, summary.Schedules);
        Assert.Equal(5, summary.StepsMin);
        Assert.Equal(5, summary.StepsMax);
        Assert.Equal(5.0, summary.StepsAvg);
        Assert.Equal(10, summary.DistinctSchedules); // C(5, 2) interleavings of 3 and 2 steps
        Assert.False(summary.DistinctIsEstimate);
    }
}
