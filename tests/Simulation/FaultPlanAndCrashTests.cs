// Fault plans (once, nth, always, delay) are deterministic and record no decision; a crash ends every operation of its
// owner at once, except work in a shielded region, which finishes first; nothing of theirs runs again.
namespace SimManila.Simulation.Tests;

public class FaultPlanAndCrashTests
{
    static SimSettings Settings(string name, params string[] sites) =>
        new() { ProgramName = name, Seed = 3, Iterations = 20, Strategy = StrategyKind.Random, Faults = new FaultSettings { EnabledSites = sites } };

    /// <summary>Which of five reaches of "disk" fire, in every schedule of the run.</summary>
    static List<string> Fires(params string[] sites)
    {
        var seen = new List<string>();
        SimTest.AssertNoBug(Settings("plan", sites), sim =>
            sim.Spawn("io", async () =>
            {
                var fired = new List<int>();
                for (int reach = 1; reach <= 5; reach++)
                {
                    await sim.Yield();
                    if (sim.Fault("disk")) fired.Add(reach);
                }
                lock (seen) seen.Add(string.Join(",", fired));
            }));
        return seen;
    }

    [Fact]
    public void Once_nth_and_always_fire_on_those_reaches_in_every_schedule()
    {
        Assert.All(Fires("disk:once"), f => Assert.Equal("1", f));
        Assert.All(Fires("disk:nth=3"), f => Assert.Equal("3", f));
        Assert.All(Fires("disk:always"), f => Assert.Equal("1,2,3,4,5", f));
        Assert.All(Fires("disk:delay=40"), f => Assert.Equal("", f));
    }

    [Fact]
    public void A_delay_plan_slows_each_reach_and_fires_nothing()
    {
        SimTest.AssertNoBug(Settings("delay", "disk:delay=40"), sim =>
            sim.Spawn("io", async () =>
            {
                var before = sim.Now;
                await sim.Delay(sim.FaultDelay("disk"));
                sim.Assert(sim.Now - before == TimeSpan.FromMilliseconds(40), $"delayed {sim.Now - before}");
                sim.Assert(sim.FaultDelay("network") == TimeSpan.Zero, "a site without a plan is not delayed");
            }));
    }

    [Fact]
    public void A_planned_fault_records_no_decision_and_replays()
    {
        var bug = SimTest.FindBug(Settings("planned-bug", "disk:nth=2"), sim =>
            sim.Spawn("io", async () =>
            {
                for (int reach = 1; reach <= 3; reach++)
                {
                    await sim.Yield();
                    sim.Assert(!sim.Fault("disk"), $"disk failed at reach {reach}");
                }
            }));
        Assert.Contains("disk failed at reach 2", bug.Message);
        Assert.Empty(bug.Trace.Decisions);
        Assert.Equal(bug.Message, SimRunner.Replay(bug.Trace, sim => sim.Spawn("io", async () =>
        {
            for (int reach = 1; reach <= 3; reach++)
            {
                await sim.Yield();
                sim.Assert(!sim.Fault("disk"), $"disk failed at reach {reach}");
            }
        }), produceLog: false).Bug!.Message);
    }

    [Theory]
    [InlineData("disk:sometimes")]
    [InlineData("disk:nth=0")]
    [InlineData(":once")]
    public void A_bad_plan_is_refused_with_the_reason(string entry)
    {
        var e = Assert.Throws<ArgumentException>(() => Settings("bad", entry).Validate());
        Assert.Contains("Faults.EnabledSites", e.Message);
    }

    [Fact]
    public void A_crash_ends_its_owners_operations_and_no_finally_of_theirs_runs()
    {
        var ran = new List<string>();
        SimTest.AssertNoBug(Settings("crash") with { Iterations = 50 }, sim =>
        {
            ran.Clear();
            var waiter = sim.NewSignal("never");
            sim.Spawn("worker-1", async () =>
            {
                try { await waiter.WaitAsync(); ran.Add("worker-1 woke"); }
                finally { ran.Add("worker-1 finally"); }
            }).Owner = "p";
            sim.Spawn("worker-2", async () =>
            {
                await sim.Yield();
                await sim.Crash("p");
                ran.Add("worker-2 after its own crash");
            }).Owner = "p";
            var other = sim.Spawn("other", async () => { await sim.Delay(TimeSpan.FromSeconds(1)); ran.Add("other"); });
            sim.WhenQuiet(() => sim.Assert(ran.SequenceEqual(["other"]), $"ran: {string.Join("; ", ran)}"));
        });
    }

    [Fact]
    public void Work_in_a_shielded_region_finishes_and_its_operation_ends_right_after()
    {
        SimTest.AssertNoBug(Settings("shield") with { Iterations = 50 }, sim =>
        {
            bool backendDone = false, resumed = false;
            var worker = sim.Spawn("manager", async () =>
            {
                using (sim.Shield())
                {
                    await sim.Delay(TimeSpan.FromSeconds(1));
                    backendDone = true;
                }
                await sim.Yield();
                resumed = true;
            });
            worker.Owner = "host1";
            sim.Spawn("chaos", async () =>
            {
                await sim.Delay(TimeSpan.FromMilliseconds(500));
                await sim.Crash("host1");
            });
            sim.WhenQuiet(() =>
            {
                sim.Assert(backendDone, "the shielded work finished");
                sim.Assert(!resumed, "the operation ended at its first point outside the shield");
                sim.Assert(worker.Killed && worker.IsCompleted, "it counts as ended by the crash");
            });
        });
    }

    [Fact]
    public void Waiting_on_a_crashed_operation_wakes_the_waiter()
    {
        SimTest.AssertNoBug(Settings("wake") with { Iterations = 20 }, sim =>
        {
            var victim = sim.Spawn("victim", async () => await sim.Delay(TimeSpan.FromHours(1)));
            victim.Owner = "p";
            sim.Spawn("joiner", async () =>
            {
                await victim.Completion;
                sim.Assert(victim.Killed, "woken by the crash");
            });
            sim.Spawn("chaos", async () => { await sim.Yield(); await sim.Crash("p"); });
        });
    }
}
