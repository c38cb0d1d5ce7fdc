// Guarded's "no lock across a driver call or a cast" is enforced at the call: a deliberately bad sequence (take a
// coordinator lock, then call the driver or cast) is an assertion failure under Guarded and allowed under Legacy.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.Simulation;

namespace SimManila.Services.Tests;

public class NoLockAcrossCallsTests
{
    static SimSettings Settings(string name) => new()
    {
        ProgramName = name, Seed = 11, Iterations = 3, Strategy = StrategyKind.Random, MaxSteps = 10_000,
    };

    /// <summary>One operation that holds a lock while it calls the driver or casts, then lets go.</summary>
    static Action<Simulator> HoldLockAcross(ConcurrencyPolicy policy, DatabaseProvider db, bool cast) => sim =>
    {
        var d = Deployment.Create(sim, new Topology { Policy = policy, Database = db });
        sim.Spawn("bad-sequence", async () =>
        {
            await using (await d.Locks.AcquireAsync("host1", LockNames.ReplicaOperation("share-1")))
            {
                if (cast) await d.Rpc.CastAsync("host1", "noop", () => Task.CompletedTask);
                else await d.Manager("host1").Driver.CreateShareAsync(new DriverShare("instance-1", "share-1", 1, "NFS"));
            }
        });
    };

    [Theory, MemberData(nameof(ServiceHarness.PoliciesAndDatabases), MemberType = typeof(ServiceHarness))]
    public void ADriverCallUnderALockIsABugOnlyUnderGuarded(ConcurrencyPolicy policy, DatabaseProvider db)
    {
        var program = HoldLockAcross(policy, db, cast: false);
        if (policy == ConcurrencyPolicy.Legacy)
        {
            SimTest.AssertNoBug(Settings("driver-call-under-lock-legacy"), program);
            return;
        }
        var bug = SimTest.FindBug(Settings("driver-call-under-lock-guarded"), program);
        Assert.Equal(BugKind.AssertionFailed, bug.Kind);
        Assert.Contains("driver call host1.create_share made while holding locked-share-replica-operation-for-share-share-1", bug.Message);
    }

    [Theory, MemberData(nameof(ServiceHarness.PoliciesAndDatabases), MemberType = typeof(ServiceHarness))]
    public void ACastUnderALockIsABugOnlyUnderGuarded(ConcurrencyPolicy policy, DatabaseProvider db)
    {
        var program = HoldLockAcross(policy, db, cast: true);
        if (policy == ConcurrencyPolicy.Legacy)
        {
            SimTest.AssertNoBug(Settings("cast-under-lock-legacy"), program);
            return;
        }
        var bug = SimTest.FindBug(Settings("cast-under-lock-guarded"), program);
        Assert.Equal(BugKind.AssertionFailed, bug.Kind);
        Assert.Contains("rpc cast host1.noop made while holding", bug.Message);
    }

    [Theory, MemberData(nameof(ServiceHarness.PoliciesAndDatabases), MemberType = typeof(ServiceHarness))]
    public void ALockReleasedBeforeTheCallIsFine(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            await using (await w.D.Locks.AcquireAsync("host1", LockNames.ReplicaOperation("share-1")))
                Assert.NotNull(w.D.Locks.HeldByCurrentOperation());
            Assert.Null(w.D.Locks.HeldByCurrentOperation());
            await w.D.Manager("host1").Driver.CreateShareAsync(new DriverShare("instance-9", "share-9", 1, "NFS"));
            Assert.Equal(policy == ConcurrencyPolicy.Guarded, w.D.ChecksNoLockAcrossCalls);
        }, schedules: 1);
}
