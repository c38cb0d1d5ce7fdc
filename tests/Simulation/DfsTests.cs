// DFS enumerates exactly the interleavings combinatorics predicts and says when the space is exhausted; bounded, it
// deepens bound by bound and says what each bound explored; with reduction it skips equivalent interleavings only.
namespace SimManila.Simulation.Tests;

public class DfsTests
{
    static long Binomial(int n, int k)
    {
        long result = 1;
        for (int i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return result;
    }

    /// <summary>Two operations of a and b steps (the start step counts, then a-1 and b-1 yields).</summary>
    static Action<Simulator> TwoOperations(int a, int b) => sim =>
    {
        sim.Spawn("a", async () => { for (int i = 1; i < a; i++) await sim.Yield(); });
        sim.Spawn("b", async () => { for (int i = 1; i < b; i++) await sim.Yield(); });
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 7)]
    public void ExploresExactlyTheBinomialNumberOfSchedules(int a, int b)
    {
        var settings = new SimSettings { ProgramName = $"dfs-{a}-{b}", Strategy = StrategyKind.Dfs, Iterations = 100_000 };
        var summary = SimRunner.Explore(settings, TwoOperations(a, b));
        Assert.True(summary.Exhausted);
        Assert.Equal(Binomial(a + b, a), summary.Schedules);
        Assert.Equal(summary.Schedules, summary.DistinctSchedules);
        Assert.Empty(summary.Bugs);
    }

    [Fact]
    public void ChoicesAreEnumeratedToo()
    {
        var seen = new HashSet<(bool, int)>();
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "dfs-choices", Strategy = StrategyKind.Dfs, Iterations = 1000 },
            sim => sim.Spawn("chooser", () => { seen.Add((sim.NextBool(), sim.NextInt(0, 3))); return Task.CompletedTask; }));
        Assert.True(summary.Exhausted);
        Assert.Equal(6, summary.Schedules);
        Assert.Equal(6, seen.Count);
    }

    [Fact]
    public void BudgetBelowTheSpaceIsNotExhausted()
    {
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "dfs-budget", Strategy = StrategyKind.Dfs, Iterations = 10 }, TwoOperations(4, 4));
        Assert.False(summary.Exhausted);
        Assert.Equal(10, summary.Schedules);
    }

    [Fact]
    public void DfsFindsTheLostUpdate()
    {
        var summary = SimRunner.Explore(new SimSettings { ProgramName = "dfs-lost", Strategy = StrategyKind.Dfs, Iterations = 10_000 }, Programs.LostUpdate);
        Assert.Equal(BugKind.AssertionFailed, summary.FirstBug!.Kind);
        var twin = SimRunner.Explore(new SimSettings { ProgramName = "dfs-lost-twin", Strategy = StrategyKind.Dfs, Iterations = 10_000 }, Programs.LostUpdateTwin);
        Assert.True(twin.Exhausted);
        Assert.Empty(twin.Bugs);
    }
}

public class BoundedDfsTests
{
    static SimSettings Dfs(string name, int iterations, DfsBounding bounding = DfsBounding.None, bool reduction = false) =>
        new() { ProgramName = name, Strategy = StrategyKind.Dfs, Iterations = iterations, DfsBounding = bounding, Reduction = reduction };

    [Fact]
    public void Plain_DFS_spends_its_budget_below_the_window_while_preemption_bounding_finds_it_at_bound_one()
    {
        const int Budget = 2_000;
        var plain = SimRunner.Explore(Dfs("window", Budget), DfsGapPrograms.PreemptionWindow);
        Assert.Empty(plain.Bugs);
        Assert.False(plain.Exhausted);

        var bounded = SimRunner.Explore(Dfs("window", Budget, DfsBounding.Preemptions), DfsGapPrograms.PreemptionWindow);
        Assert.Equal(BugKind.AssertionFailed, bounded.FirstBug!.Kind);
        Assert.Equal([0, 1], bounded.DfsBounds.Select(b => b.Bound!.Value));
        Assert.True(bounded.DfsBounds[0].Exhausted && bounded.DfsBounds[0].CutByBound, bounded.DfsBounds[0].ToString());
        Assert.Equal("bound 0: 120 schedules, exhausted within the bound", bounded.DfsBounds[0].ToString()); // 5 operations in any order
        var replay = SimRunner.Replay(bounded.FirstBug.Trace, DfsGapPrograms.PreemptionWindow);
        Assert.Equal(bounded.FirstBug.Step, replay.Bug!.Step);

        var delays = SimRunner.Explore(Dfs("window", Budget, DfsBounding.Delays), DfsGapPrograms.PreemptionWindow);
        Assert.Equal(BugKind.AssertionFailed, delays.FirstBug!.Kind);
        Assert.Equal(1, delays.DfsBounds[0].Schedules); // the round-robin scheduler's own schedule
    }

    [Fact]
    public void The_twin_is_clean_within_one_preemption_and_each_bound_says_it_was_exhausted()
    {
        var summary = SimRunner.Explore(Dfs("window-twin", 10_000, DfsBounding.Preemptions) with { DfsMaxBound = 1 }, DfsGapPrograms.PreemptionWindowTwin);
        Assert.Empty(summary.Bugs);
        Assert.All(summary.DfsBounds, b => Assert.True(b.Exhausted && b.CutByBound));
        Assert.Equal(2, summary.DfsBounds.Count);
        Assert.False(summary.Exhausted); // bounded: not the whole space
    }

    [Fact]
    public void Deepening_stops_at_the_bound_that_cuts_nothing_and_then_the_whole_space_is_exhausted()
    {
        foreach (var bounding in new[] { DfsBounding.Preemptions, DfsBounding.Delays })
        {
            var summary = SimRunner.Explore(Dfs("lost-twin", 10_000, bounding), Programs.LostUpdateTwin);
            Assert.True(summary.Exhausted);
            Assert.Empty(summary.Bugs);
            var lastBound = summary.DfsBounds[^1];
            Assert.False(lastBound.CutByBound);
            Assert.Equal(SimRunner.Explore(Dfs("lost-twin", 10_000), Programs.LostUpdateTwin).Schedules, lastBound.Schedules);
            Assert.All(summary.DfsBounds.SkipLast(1), b => Assert.True(b.CutByBound));
            Assert.True(summary.DfsBounds.Zip(summary.DfsBounds.Skip(1)).All(p => p.First.Schedules <= p.Second.Schedules));
        }
    }

    [Fact]
    public void Reduction_exhausts_a_space_plain_DFS_cannot_and_still_finds_the_race_in_it()
    {
        const int Budget = 20_000;
        var plain = SimRunner.Explore(Dfs("rows-twin", Budget / 4), DfsGapPrograms.IndependentRowsTwin);
        Assert.False(plain.Exhausted); // some 10^22 interleavings of 34 steps, less the ones the lock rules out
        var reduced = SimRunner.Explore(Dfs("rows-twin", Budget, reduction: true), DfsGapPrograms.IndependentRowsTwin);
        Assert.True(reduced.Exhausted, $"{reduced.Schedules} schedules");
        Assert.Empty(reduced.Bugs);
        Assert.True(reduced.CutByReduction > 0);

        var buggy = SimRunner.Explore(Dfs("rows", Budget, reduction: true), DfsGapPrograms.IndependentRows);
        Assert.Contains("lost update", buggy.FirstBug!.Message);

        var window = SimRunner.Explore(Dfs("window-twin", Budget, reduction: true), DfsGapPrograms.PreemptionWindowTwin);
        Assert.True(window.Exhausted, $"{window.Schedules} schedules");
    }

    /// <summary>A small random program: three operations of two accesses each (a read or a write of one of three
    /// variables, some under a mutex), every state after every step recorded.</summary>
    static Action<Simulator> RandomProgram(int seed, HashSet<string> states, bool startsAreLocal) => sim =>
    {
        sim.StartsAreLocal = startsAreLocal;
        var random = new Random(seed);
        var values = new int[3];
        var locals = new int[3];
        var m = sim.NewMutex("m");
        var plan = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 2).Select(_ => (key: random.Next(3), write: random.Next(2) == 0)).ToArray()).ToArray();
        bool[] locked = [.. Enumerable.Range(0, 3).Select(_ => random.Next(3) == 0)];
        for (int op = 0; op < 3; op++)
        {
            int id = op;
            sim.Spawn($"op{id}", async () =>
            {
                if (locked[id]) await m.AcquireAsync();
                foreach (var (key, write) in plan[id])
                {
                    if (write)
                    {
                        await sim.Write($"v{key}");
                        values[key] = locals[id] * 10 + id + 1;
                    }
                    else
                    {
                        await sim.Read($"v{key}");
                        locals[id] += values[key];
                    }
                }
                if (locked[id]) m.Release();
            });
        }
        sim.AfterEachStep(() => states.Add(string.Join(",", values) + "|" + string.Join(",", locals)));
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reduction_reaches_every_state_plain_DFS_reaches(bool startsAreLocal)
    {
        for (int seed = 0; seed < 25; seed++)
        {
            var all = new HashSet<string>();
            var reducedStates = new HashSet<string>();
            var plain = SimRunner.Explore(Dfs("random", 100_000), RandomProgram(seed, all, startsAreLocal));
            var reduced = SimRunner.Explore(Dfs("random", 100_000, reduction: true), RandomProgram(seed, reducedStates, startsAreLocal));
            Assert.True(plain.Exhausted && reduced.Exhausted);
            Assert.Equal(all.Order(), reducedStates.Order());
            Assert.True(reduced.Schedules <= plain.Schedules, $"seed {seed}: {reduced.Schedules} > {plain.Schedules}");
        }
    }

    [Fact]
    public void Bounds_and_reduction_are_for_DFS_only()
    {
        var ex = Assert.Throws<ArgumentException>(() => SimRunner.Explore(new SimSettings { ProgramName = "p", Reduction = true }, Programs.LostUpdate));
        Assert.StartsWith("DfsBounding and Reduction: only for Strategy Dfs", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => SimRunner.Explore(Dfs("p", 10) with { DfsMaxBound = -1 }, Programs.LostUpdate));
        Assert.StartsWith("DfsMaxBound: expected a bound >= 0", ex.Message);
    }
}
