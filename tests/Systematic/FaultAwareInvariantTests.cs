// Invariants judge effects: a delete that failed without effect, followed by Manila's own retry (a forced delete after
// error_deleting, the deferred-deletion periodic task), is not a second delete, under either policy.
using SimManila.Drivers;
using SimManila.Drivers.Fake;
using SimManila.Model;
using SimManila.Scenarios.Invariants;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Systematic.Tests;

public class FaultAwareInvariantTests
{
    static readonly Invariant OneDelete = InvariantCatalog.Find("one-delete-reaches-driver")!;

    /// <summary>Runs <paramref name="body"/> in a deployment whose <paramref name="site"/> fires whenever faults are armed,
    /// then checks one-delete-reaches-driver on what reached the backend.</summary>
    static void Run(ConcurrencyPolicy policy, string site, Topology topology, Func<Deployment, Task> body)
    {
        var settings = new SimSettings
        {
            ProgramName = $"retry-{policy}", Seed = 3, Iterations = 3, Strategy = StrategyKind.Random, MaxSteps = 100_000,
            Faults = new FaultSettings { EnabledSites = [site], ActivationProbability = 1, FireProbability = 1 },
        };
        SimTest.AssertNoBug(settings, sim =>
        {
            var d = Deployment.Create(sim, topology with { Policy = policy });
            var context = new InvariantContext(d);
            sim.AfterEachStep(() =>
            {
                if (OneDelete.Check(context) is { } problem) sim.Assert(false, $"[{OneDelete.Name}] {problem}");
            });
            sim.Spawn("test", () => body(d));
        });
    }

    static async Task<string> AvailableShare(Deployment d)
    {
        d.Faults.Armed = false;
        var share = (await d.Client().CreateShare(1)).Resource!.Id;
        await d.Sim.Delay(TimeSpan.FromMinutes(5));
        d.Faults.Armed = true;
        return share;
    }

    static IReadOnlyList<BackendCall> Deletes(Deployment d, string method) =>
        d.Backends.Values.SelectMany(b => b.Calls).Where(c => c.Method == method).ToList();

    [Theory, InlineData(ConcurrencyPolicy.Legacy), InlineData(ConcurrencyPolicy.Guarded)]
    public void A_forced_delete_after_error_deleting_is_not_a_second_delete(ConcurrencyPolicy policy) =>
        Run(policy, DriverFaultSites.Of("delete_share"), new Topology(), async d =>
        {
            var client = d.Client();
            var share = await AvailableShare(d);
            await client.DeleteShare(share);
            await d.Sim.Delay(TimeSpan.FromMinutes(5));
            Assert.Equal(ShareInstanceStatus.ErrorDeleting, d.Db.Store.Where<ShareInstance>(i => i.ShareId == share).Single().Status);

            d.Faults.Armed = false; // the operator's retry goes through
            Assert.Equal(Services.Api.ApiStatus.Accepted, (await client.DeleteShare(share, force: true)).Status);
            await d.Sim.Delay(TimeSpan.FromMinutes(5));
            Assert.Empty(d.Db.Store.Where<ShareInstance>(i => i.ShareId == share));
            var calls = Deletes(d, "delete_share");
            Assert.Equal(2, calls.Count);
            Assert.True(calls[0].NoEffect && !calls[1].NoEffect);
        });

    [Theory, InlineData(ConcurrencyPolicy.Legacy), InlineData(ConcurrencyPolicy.Guarded)]
    public void The_deferred_deletion_retry_of_a_failed_share_delete_is_not_a_second_delete(ConcurrencyPolicy policy) =>
        Run(policy, DriverFaultSites.Of("delete_share"), new Topology { DeferredDeletion = true }, async d =>
        {
            var share = await AvailableShare(d);
            await d.Client().DeleteShare(share);
            await d.Sim.Delay(TimeSpan.FromMinutes(1));
            Assert.Equal(ShareInstanceStatus.ErrorDeferredDeleting, d.Db.Store.Where<ShareInstance>(i => i.ShareId == share).Single().Status);

            d.Faults.Armed = false;
            d.StartPeriodicTasks([PeriodicTaskNames.DeferredShareDeletion]);
            await d.Sim.Delay(TimeSpan.FromMinutes(6));
            Assert.Empty(d.Db.Store.Where<ShareInstance>(i => i.ShareId == share));
            Assert.Equal([true, false], Deletes(d, "delete_share").Select(c => c.NoEffect));
        });

    [Theory, InlineData(ConcurrencyPolicy.Legacy), InlineData(ConcurrencyPolicy.Guarded)]
    public void The_deferred_deletion_retry_of_a_failed_snapshot_delete_is_not_a_second_delete(ConcurrencyPolicy policy) =>
        Run(policy, DriverFaultSites.Of("delete_snapshot"), new Topology { DeferredDeletion = true }, async d =>
        {
            var client = d.Client();
            var share = await AvailableShare(d);
            d.Faults.Armed = false;
            var snapshot = (await client.CreateSnapshot(share)).Resource!.Id;
            await d.Sim.Delay(TimeSpan.FromMinutes(5));
            d.Faults.Armed = true;
            await client.DeleteSnapshot(snapshot);
            await d.Sim.Delay(TimeSpan.FromMinutes(1));
            Assert.Equal(SnapshotInstanceStatus.ErrorDeferredDeleting, d.Db.Store.Where<SnapshotInstance>(s => s.SnapshotId == snapshot).Single().Status);

            d.Faults.Armed = false;
            d.StartPeriodicTasks([PeriodicTaskNames.DeferredSnapshotDeletion]);
            await d.Sim.Delay(TimeSpan.FromMinutes(6));
            Assert.Empty(d.Db.Store.Where<SnapshotInstance>(s => s.SnapshotId == snapshot));
            Assert.Equal([true, false], Deletes(d, "delete_snapshot").Select(c => c.NoEffect));
        });
}
