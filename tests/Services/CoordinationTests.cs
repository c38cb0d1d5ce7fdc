// The coordinator: distributed locks exclude across hosts and expire with their lease; host-local ones do not.
using SimManila.Services.Coordination;
using SimManila.Simulation;

namespace SimManila.Services.Tests;

public class CoordinationTests
{
    static SimSettings Settings(string name) => new() { ProgramName = name, Seed = 3, Iterations = 200, Strategy = StrategyKind.Random };

    /// <summary>Two hosts take the same lock name and count how many are inside at once.</summary>
    static Action<Simulator> TwoHosts(CoordinatorKind kind, Action<int> onOverlap) => sim =>
    {
        var locks = new LockService(sim, kind, TimeSpan.FromSeconds(30));
        int inside = 0;
        foreach (var host in new[] { "api-1", "host1" })
            sim.Spawn(host, async () =>
            {
                await using (await locks.AcquireAsync(host, LockNames.AccessRulesOfInstance("instance-1")))
                {
                    inside++;
                    await sim.Yield();
                    if (inside > 1) onOverlap(inside);
                    inside--;
                }
            });
        sim.WhenQuiet(() => sim.Assert(!locks.Held().Any(), "a lock is still held"));
    };

    [Fact]
    public void DistributedLocksExcludeAcrossHosts() =>
        SimTest.AssertNoBug(Settings("distributed-lock"), TwoHosts(CoordinatorKind.Distributed, n => throw new InvalidOperationException($"{n} holders")));

    [Fact]
    public void HostLocalLocksOnDifferentHostsDoNotExclude()
    {
        var bug = SimTest.FindBug(Settings("host-local-lock"), TwoHosts(CoordinatorKind.HostLocal, n => throw new InvalidOperationException($"{n} holders")));
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Contains("2 holders", bug.Message);
    }

    [Fact]
    public void ADistributedLeaseExpiresOnVirtualTime() =>
        SimTest.AssertNoBug(Settings("lease-expiry") with { Iterations = 20 }, sim =>
        {
            var locks = new LockService(sim, CoordinatorKind.Distributed, TimeSpan.FromSeconds(30));
            TimeSpan secondGotItAt = TimeSpan.Zero;
            sim.Spawn("slow-holder", async () =>
            {
                var lease = await locks.AcquireAsync("host1", "x");
                await sim.Delay(TimeSpan.FromMinutes(5)); // holds far past its lease
                await lease.DisposeAsync();
            });
            sim.Spawn("waiter", async () =>
            {
                await sim.Delay(TimeSpan.FromSeconds(1));
                await using (await locks.AcquireAsync("host2", "x")) secondGotItAt = sim.Now;
            });
            sim.WhenQuiet(() =>
            {
                sim.Assert(secondGotItAt == TimeSpan.FromSeconds(30), $"the waiter got the lock at {secondGotItAt}, expected at the lease's end");
                sim.Assert(locks.ExpiredLeases.Count == 1, "one lease expired");
            });
        });
}
