// The sample: two users delete one share at once (LP 1707377). Guarded lets one delete reach the driver; Legacy lets
// both, and the library finds it, says what broke and where, and replays it from its trace.
using SimManila.Scenarios.Testing;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Samples.RaceTests;

public sealed class DoubleDeleteTests
{
    /// <summary>The race: a share, then two deletes of it through two API workers at once.</summary>
    static async Task TwoDeletes(ManilaWorld manila)
    {
        var share = await manila.Client.CreateShare(1);
        await manila.Settle();
        var id = share.Resource!.Id;
        manila.Race("delete-1", c => c.DeleteShare(id, worker: 1));
        manila.Race("delete-2", c => c.DeleteShare(id, worker: 2));
    }

    [Fact]
    public void Guarded_lets_one_delete_reach_the_driver()
    {
        var summary = ManilaRace.AssertNoBug(new ManilaRaceSettings { Policy = ConcurrencyPolicy.Guarded, Schedules = 100, Seed = 7 }, TwoDeletes);
        Assert.Equal(100, summary.Schedules);
    }

    [Fact]
    public void Legacy_lets_both_through_and_the_failure_tells_the_story()
    {
        var settings = new ManilaRaceSettings { Name = "double-delete", Policy = ConcurrencyPolicy.Legacy, Schedules = 100, Seed = 7 };
        var failure = Assert.Throws<SimulationBugException>(() => ManilaRace.AssertNoBug(settings, TwoDeletes));
        Assert.Contains("[one-delete-reaches-driver]", failure.Message);
        Assert.Contains("what must hold (one-delete-reaches-driver)", failure.Message);
        Assert.Contains("<== fails here", failure.Message);
        Assert.Contains("api-1: DELETE /shares/share-1", failure.Message);

        // The trace replays the same failure, step for step.
        var replay = SimRunner.Replay(failure.Bug.Trace, ManilaRace.Program(settings, TwoDeletes));
        Assert.Equal(failure.Bug.Message, replay.Bug?.Message);
        Assert.Equal(failure.Bug.Step, replay.Bug?.Step);
    }
}
