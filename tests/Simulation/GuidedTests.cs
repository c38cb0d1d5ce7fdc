// Guided replay: follows a decision list where it fits, takes the deterministic default where it does not (never
// NonDeterminism), and records the decisions it took, so its trace replays strictly.
namespace SimManila.Simulation.Tests;

public class GuidedTests
{
    static BugReport LostUpdateBug() =>
        SimTest.FindBug(new SimSettings { ProgramName = "lost-update", Seed = 11, Iterations = 200, Strategy = StrategyKind.Random }, Programs.LostUpdate);

    static void AssertReplaysStrictly(GuidedResult result, Action<Simulator> program)
    {
        var replay = SimRunner.Replay(result.Trace, program, produceLog: false);
        Assert.False(replay.Diverged, replay.Divergence);
        Assert.Equal(result.Steps, replay.Steps);
        Assert.Equal(result.Bug?.Kind, replay.Bug?.Kind);
        Assert.Equal(result.Bug?.Step, replay.Bug?.Step);
    }

    [Fact]
    public void FollowingAFailingTraceReproducesItExactly()
    {
        var bug = LostUpdateBug();
        var result = SimRunner.RunGuided(bug.Trace, bug.Trace.Decisions, Programs.LostUpdate);
        Assert.Equal(bug.Kind, result.Bug!.Kind);
        Assert.Equal(bug.Step, result.Bug.Step);
        Assert.Equal(bug.Trace.Decisions, result.Trace.Decisions);
        Assert.Equal(bug.Trace.Decisions.Count, result.Followed);
        Assert.Equal(0, result.Defaulted);
        Assert.Equal(result.Bug.Step, result.Trace.BugStep);
        Assert.Equal("guided", result.Trace.Strategy);
        AssertReplaysStrictly(result, Programs.LostUpdate);
    }

    [Fact]
    public void AnEmptyGuideKeepsRunningTheCurrentOperation()
    {
        var template = LostUpdateBug().Trace;
        var result = SimRunner.RunGuided(template, [], Programs.LostUpdate);
        Assert.Null(result.Bug); // never switching away from a ready operation serialises the increments
        Assert.Empty(result.ContextSwitches);
        Assert.Equal(0, result.Followed);
        Assert.True(result.Defaulted > 0);
        Assert.Null(result.Trace.BugKind);
        // The first decision has no "current" operation: the lowest id goes first.
        Assert.Equal(0, result.Trace.Decisions[0].Value);
        AssertReplaysStrictly(result, Programs.LostUpdate);
    }

    [Fact]
    public void AGuideThatDoesNotFitFallsBackInsteadOfDiverging()
    {
        var template = LostUpdateBug().Trace;
        Decision[] garbage = [Decision.Bool(true), Decision.Schedule(42, 7), Decision.Int(3, 0, 5), Decision.Schedule(1, 9), Decision.Schedule(-1, 2)];
        var result = SimRunner.RunGuided(template, garbage, Programs.LostUpdate);
        Assert.NotEqual(BugKind.NonDeterminism, result.Bug?.Kind);
        Assert.Equal(1, result.Followed); // only "op 1" was a ready operation; the leading bool was skipped as a choice gone
        Assert.All(result.Trace.Decisions, d => Assert.Equal(DecisionKind.Schedule, d.Kind));
        AssertReplaysStrictly(result, Programs.LostUpdate);
    }

    [Fact]
    public void ContextSwitchesAreCountedAndNamed()
    {
        var bug = LostUpdateBug();
        var result = SimRunner.RunGuided(bug.Trace, bug.Trace.Decisions, Programs.LostUpdate);
        Assert.NotEmpty(result.ContextSwitches);
        foreach (var s in result.ContextSwitches)
        {
            var d = result.Trace.Decisions[s.Decision];
            Assert.Equal(DecisionKind.Schedule, d.Kind);
            Assert.Equal(s.Picked, d.Value);
            Assert.NotEqual(s.Stayed, s.Picked);
        }
        // Turning every switch into "keep running" leaves none.
        var guide = result.Trace.Decisions.ToArray();
        foreach (var s in result.ContextSwitches) guide[s.Decision] = Decision.Schedule(s.Stayed, guide[s.Decision].Bound);
        Assert.Empty(SimRunner.RunGuided(bug.Trace, guide, Programs.LostUpdate).ContextSwitches);
    }

    [Fact]
    public void ChoicesDefaultToFalseAndTheMinimumAndFaultFiresAreCounted()
    {
        void Program(Simulator sim) => sim.Spawn("chooser", async () =>
        {
            await sim.Yield();
            bool fired = sim.Fault("disk");
            int n = sim.NextInt(3, 9);
            sim.Assert(!fired || n != 3, $"fault with n {n}");
        });
        var template = new SimTrace
        {
            ProgramName = "chooser", Faults = new FaultSettings { EnabledSites = ["disk"], ActivationProbability = 1, FireProbability = 1 },
        };
        var fired = SimRunner.RunGuided(template, [Decision.Bool(true), Decision.Bool(true), Decision.Int(3, 3, 9)], Program);
        Assert.Equal(1, fired.FaultsFired);
        Assert.Equal(BugKind.AssertionFailed, fired.Bug!.Kind);
        AssertReplaysStrictly(fired, Program);

        var defaults = SimRunner.RunGuided(template, [], Program);
        Assert.Equal(0, defaults.FaultsFired);
        Assert.Null(defaults.Bug);
        Assert.Equal([Decision.Bool(false), Decision.Int(3, 3, 9)], defaults.Trace.Decisions);

        // An int whose range changed takes the minimum; a fire choice that no longer happens is skipped.
        var shifted = SimRunner.RunGuided(template, [Decision.Bool(false), Decision.Bool(true), Decision.Int(5, 0, 10)], Program);
        Assert.Equal([Decision.Bool(false), Decision.Int(3, 3, 9)], shifted.Trace.Decisions);
        AssertReplaysStrictly(shifted, Program);
    }
}
