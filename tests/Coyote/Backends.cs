// The two execution backends as a test dimension: explore or replay the same program on our loop or under Coyote.
using SimManila.Simulation;
using SimManila.Simulation.Coyote;

namespace SimManila.Coyote.Tests;

public enum Backend { Ours, Coyote }

public static class Backends
{
    /// <summary>Explores with the backend's default strategy (our portfolio, Coyote's portfolio).</summary>
    public static (RunSummary summary, IReadOnlyList<CoyoteTrace?> coyoteTraces) Explore(Backend backend, SimSettings settings, Action<Simulator> program)
    {
        if (backend == Backend.Ours) return (SimRunner.Explore(settings, program), []);
        var run = CoyoteRunner.Explore(settings, CoyoteStrategy.Portfolio, program);
        return (run.Summary, run.CoyoteTraces);
    }

    /// <summary>A bug's trace replays to the same bug at the same step: on our loop from its recorded decisions (for a
    /// Coyote finding, the interleaving Coyote chose, recorded as ours), and under Coyote from Coyote's own trace.</summary>
    public static void AssertReplays(BugReport bug, CoyoteTrace? coyoteTrace, Action<Simulator> program)
    {
        var ours = SimRunner.Replay(SimTrace.FromJson(bug.Trace.ToJson()), program, produceLog: true);
        AssertSameBug(bug, ours);
        if (coyoteTrace is null) return;
        var again = CoyoteRunner.Replay(CoyoteTrace.Parse(coyoteTrace.Json), program);
        AssertSameBug(bug, again);
        Assert.Equal(ours.Log.Select(r => r.ToString()), again.Log.Select(r => r.ToString()));
    }

    static void AssertSameBug(BugReport bug, ReplayResult replay)
    {
        Assert.False(replay.Diverged, replay.Divergence);
        Assert.NotNull(replay.Bug);
        Assert.Equal(bug.Kind, replay.Bug!.Kind);
        Assert.Equal(bug.Step, replay.Bug.Step);
        Assert.Equal(bug.Message, replay.Bug.Message);
        Assert.NotEmpty(replay.Log);
    }
}
