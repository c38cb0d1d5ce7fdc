// Each classic bug is found by the default portfolio within its stated budget, replays exactly, and its twin is clean.
namespace SimManila.Simulation.Tests;

public class ClassicBugTests
{
    public static TheoryData<string, int, BugKind> Cases => new()
    {
        // program, schedule budget, expected kind
        { nameof(Programs.LostUpdate), 200, BugKind.AssertionFailed },
        { nameof(Programs.Atomicity), 200, BugKind.AssertionFailed },
        { nameof(Programs.OrderViolation), 200, BugKind.AssertionFailed },
        { nameof(Programs.LockOrder), 200, BugKind.Deadlock },
        { nameof(Programs.CheckThenAct), 200, BugKind.AssertionFailed },
        { nameof(Programs.MissedWakeup), 200, BugKind.Deadlock },
        { nameof(Programs.DepthThree), 20_000, BugKind.AssertionFailed },
        { nameof(Programs.Noise), 2_000, BugKind.AssertionFailed },
    };

    static Action<Simulator> Program(string name) =>
        (Action<Simulator>)Delegate.CreateDelegate(typeof(Action<Simulator>), typeof(Programs).GetMethod(name)!);

    static SimSettings Settings(string name, int budget) => new() { ProgramName = name, Seed = 20260101, Iterations = budget };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BuggyProgramIsFoundWithinBudgetAndReplays(string name, int budget, BugKind kind)
    {
        var program = Program(name);
        var bug = SimTest.FindBug(Settings(name, budget), program);
        Assert.Equal(kind, bug.Kind);
        Assert.True(bug.Iteration < budget);

        foreach (var trace in new[] { SimTrace.FromJson(bug.Trace.ToJson()), SimTrace.FromCompactString(bug.Trace.ToCompactString()) })
        {
            var replay = SimRunner.Replay(trace, program, produceLog: true, expectedProgram: name);
            Assert.NotNull(replay.Bug);
            Assert.Equal(bug.Kind, replay.Bug!.Kind);
            Assert.Equal(bug.Step, replay.Bug.Step);
            Assert.Equal(bug.Message, replay.Bug.Message);
            Assert.False(replay.Diverged);
            Assert.NotEmpty(replay.Log);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TwinIsCleanWithinTheSameBudget(string name, int budget, BugKind kind)
    {
        _ = kind;
        var summary = SimTest.AssertNoBug(Settings(name + "Twin", budget), Program(name + "Twin"));
        Assert.Equal(budget, summary.Schedules);
    }
}
