// The API for programs ported from threads: shared variables, the plain point, spawn as a point, a release that is a
// point, and a main operation whose return ends the program.
namespace SimManila.Simulation.Tests;

public class PortingApiTests
{
    static SimSettings Dfs(string name) => new() { ProgramName = name, Strategy = StrategyKind.Dfs, Iterations = 10_000 };

    static Action<Simulator> Increments(bool atomically, List<int>? finals = null) => sim =>
    {
        var x = sim.NewVariable("x", 0);
        var ops = new SimOperation[2];
        for (int i = 0; i < ops.Length; i++)
            ops[i] = sim.Spawn($"inc{i}", async () =>
            {
                if (atomically) await x.UpdateAtomicallyAsync(v => v + 1);
                else await x.UpdateAsync(v => v + 1);
            });
        sim.WhenQuiet(() => finals?.Add(x.Value));
    };

    [Fact]
    public void A_variable_update_is_a_read_point_and_a_write_point_so_two_increments_can_lose_one()
    {
        var finals = new List<int>();
        var summary = SimRunner.Explore(Dfs("x++") with { StopAtFirstBug = false }, Increments(atomically: false, finals));
        Assert.True(summary.Exhausted);
        Assert.Equal([1, 2], finals.Distinct().Order());
        // start, read, write per operation: C(6, 3) interleavings
        Assert.Equal(20, summary.Schedules);
        Assert.Equal(6, summary.StepsMax);
    }

    [Fact]
    public void An_atomic_update_is_one_point_and_never_loses_an_increment()
    {
        var finals = new List<int>();
        var summary = SimRunner.Explore(Dfs("interlocked") with { StopAtFirstBug = false }, Increments(atomically: true, finals));
        Assert.True(summary.Exhausted);
        Assert.Equal([2], finals.Distinct());
        Assert.Equal(4, summary.StepsMax);
    }

    [Fact]
    public void A_read_sees_the_value_when_the_reader_runs_again_not_when_it_asked()
    {
        var seen = new HashSet<int>();
        SimRunner.Explore(Dfs("late-read") with { StopAtFirstBug = false }, sim =>
        {
            var x = sim.NewVariable("x", 0);
            sim.Spawn("reader", async () => seen.Add(await x.ReadAsync()));
            sim.Spawn("writer", async () => await x.WriteAsync(7));
        });
        Assert.Equal([0, 7], seen.Order());
    }

    [Fact]
    public void A_release_point_lets_others_run_while_the_mutex_is_still_held_and_hands_it_over_afterwards()
    {
        var observations = new HashSet<string>();
        var summary = SimRunner.Explore(Dfs("release-point") with { StopAtFirstBug = false }, sim =>
        {
            var m = sim.NewMutex("m");
            sim.Spawn("holder", async () =>
            {
                await m.AcquireAsync();
                await m.ReleaseAsync();
                sim.Assert(!m.IsHeld || m.Owner!.Name != "holder", "released once the release point ran");
            });
            sim.Spawn("watcher", async () =>
            {
                await sim.Read("m-state");
                observations.Add(m.Owner?.Name ?? "free");
                await m.AcquireAsync();
                m.Release();
            });
        });
        Assert.Empty(summary.Bugs);
        Assert.True(summary.Exhausted);
        Assert.Contains("holder", observations); // seen between the release point and the release
        Assert.Contains("free", observations);
    }

    [Fact]
    public void Releasing_a_mutex_one_does_not_hold_is_refused_at_once()
    {
        var bug = SimTest.FindBug(new SimSettings { ProgramName = "bad-release", Iterations = 5 }, sim =>
        {
            var m = sim.NewMutex("m");
            sim.Spawn("stranger", async () => await m.ReleaseAsync());
        });
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Contains("mutex 'm' released by 'stranger' but held by 'nobody'", bug.Message);
    }

    static List<string> Orders(bool spawnIsPoint)
    {
        var orders = new HashSet<string>();
        SimRunner.Explore(Dfs("spawn-point") with { StopAtFirstBug = false }, sim =>
        {
            var order = new List<string>();
            sim.Spawn("parent", async () =>
            {
                if (spawnIsPoint) await sim.SpawnAsync("child", () => { order.Add("child"); return Task.CompletedTask; });
                else sim.Spawn("child", () => { order.Add("child"); return Task.CompletedTask; });
                order.Add("parent");
            });
            sim.WhenQuiet(() => orders.Add(string.Join(",", order)));
        });
        return [.. orders.Order()];
    }

    [Fact]
    public void SpawnAsync_lets_the_child_run_before_the_parent_goes_on_and_Spawn_does_not()
    {
        Assert.Equal(["child,parent", "parent,child"], Orders(spawnIsPoint: true));
        Assert.Equal(["parent,child"], Orders(spawnIsPoint: false));
    }

    /// <summary>Two operations of four steps each under PCT with no change point: whether one is ever switched away
    /// from while the other is still ready depends on how they pause (the check fails on such a switch).</summary>
    static RunSummary SwitchesBetweenReadyOperations(bool useYield) =>
        SimRunner.Explore(new SimSettings { ProgramName = "pct-points", Seed = 3, Iterations = 200, Strategy = StrategyKind.Pct, PctDepth = 1, StopAtFirstBug = false }, sim =>
        {
            var order = new List<int>();
            for (int op = 0; op < 2; op++)
            {
                int id = op;
                sim.Spawn($"op{id}", async () =>
                {
                    for (int i = 0; i < 3; i++)
                    {
                        order.Add(id);
                        if (useYield) await sim.Yield();
                        else await sim.Point();
                    }
                    order.Add(id);
                });
            }
            sim.WhenQuiet(() => sim.Assert(order.Zip(order.Skip(1)).Count(p => p.First != p.Second) <= 1, "switched between ready operations"));
        });

    [Fact]
    public void Under_PCT_a_plain_point_keeps_the_operation_running_where_a_yield_drops_it_below_the_others()
    {
        Assert.Empty(SwitchesBetweenReadyOperations(useYield: false).Bugs);
        Assert.Equal(200, SwitchesBetweenReadyOperations(useYield: true).Bugs.Count);
    }

    [Fact]
    public void A_program_ends_when_its_main_operation_returns_and_abandons_the_rest()
    {
        bool checkedAtEnd = false;
        Action<Simulator> program(bool withMain) => sim =>
        {
            Func<Task> main = () =>
            {
                var never = sim.NewSignal("never");
                sim.Spawn("waiter", async () => await never.WaitAsync());
                sim.Spawn("spinner", async () => { while (true) await sim.Point(); });
                return Task.CompletedTask;
            };
            if (withMain) sim.SpawnMain("main", main);
            else sim.Spawn("main", main);
            sim.WhenQuiet(() => checkedAtEnd = true);
        };
        var summary = SimTest.AssertNoBug(new SimSettings { ProgramName = "main-returns", Iterations = 50, MaxSteps = 1000 }, program(withMain: true));
        Assert.True(checkedAtEnd);
        Assert.True(summary.StepsMax < 1000);
        var bug = SimTest.FindBug(new SimSettings { ProgramName = "no-main", Iterations = 50, MaxSteps = 1000 }, program(withMain: false));
        Assert.Equal(BugKind.StepLimit, bug.Kind);
    }

    [Fact]
    public void A_second_main_operation_is_refused()
    {
        var bug = SimTest.FindBug(new SimSettings { ProgramName = "two-mains", Iterations = 1 }, sim =>
        {
            sim.SpawnMain("main", () => Task.CompletedTask);
            sim.SpawnMain("other", () => Task.CompletedTask);
        });
        Assert.Contains("already has a main operation ('main')", bug.Message);
    }
}
