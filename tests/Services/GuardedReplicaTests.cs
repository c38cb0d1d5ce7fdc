// Replica work without the replica lock across driver calls (Guarded): a request that finds a sibling replica in a
// transitional status, or the replica marked replica_updating by a poll, is refused; Legacy accepts it and its
// managers serialise on the lock as Manila does. Every case ends with one active replica and nothing stuck.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Api;

namespace SimManila.Services.Tests;

public class GuardedReplicaTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    static Topology Replicated() => new()
    {
        Backends =
        [
            new BackendSpec("host1", new DriverCapabilities { ReplicationType = "readable" }),
            new BackendSpec("host2", new DriverCapabilities { ReplicationType = "readable" }),
        ],
    };

    static readonly CreateShareRequest Readable = new(1) { ReplicationType = "readable" };

    static ApiStatus Expected(ConcurrencyPolicy policy, ApiStatus legacy) =>
        policy == ConcurrencyPolicy.Guarded ? ApiStatus.Conflict : legacy;

    static async Task<string> SettledReplica(World w, string share)
    {
        var replica = (await w.Client.CreateReplica(share)).Resource!.Id;
        await w.Settle();
        return replica;
    }

    static void AssertCalm(World w, string share)
    {
        var instances = w.D.Db.Store.Where<ShareInstance>(i => i.ShareId == share);
        Assert.Equal(1, instances.Count(i => i.ReplicaState == ReplicaState.Active));
        Assert.DoesNotContain(instances, i => w.D.Machines.ShareInstance.KindOf(i.Status) == StateMachines.StateKind.Transitional);
        Assert.Empty(w.D.Locks.Held());
        Assert.Empty(w.D.Transitions.Violations);
    }

    [Theory, MemberData(nameof(Cases))]
    public void PromoteWaitsForASiblingBeingCreated(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            var replica = await SettledReplica(w, share);
            var creating = (await w.Client.CreateReplica(share)).Resource!.Id;
            Assert.Equal(ShareInstanceStatus.Creating, w.D.Db.Store.Find<ShareInstance>(creating)!.Status);
            Assert.Equal(Expected(policy, ApiStatus.Accepted), (await w.Client.PromoteReplica(replica, admin: true)).Status);
            await w.Settle();
            AssertCalm(w, share);
        }, Replicated(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void SiblingDeleteAndCreateWaitForAPromotion(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            var promoted = await SettledReplica(w, share);
            var sibling = await SettledReplica(w, share);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.PromoteReplica(promoted, admin: true)).Status);
            Assert.Equal(Expected(policy, ApiStatus.Accepted), (await w.Client.DeleteReplica(sibling)).Status);
            var create = await w.Client.CreateReplica(share);
            // Legacy: the active replica is still available while the promotion runs, so Manila accepts.
            Assert.Equal(Expected(policy, ApiStatus.Accepted), create.Status);
            await w.Settle();
            AssertCalm(w, share);
            Assert.Equal(ReplicaState.Active, w.D.Db.Store.Find<ShareInstance>(promoted)!.ReplicaState);
        }, Replicated(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void APollMarksTheReplicaAndRefusesItsDeleteMeanwhile(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            var replica = await SettledReplica(w, share);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.ResyncReplica(replica)).Status);
            await w.Sim.Delay(TimeSpan.FromMilliseconds(500)); // the poll is inside its driver call (1 s)
            var during = w.D.Db.Store.Find<ShareInstance>(replica)!.Status;
            Assert.Equal(policy == ConcurrencyPolicy.Guarded ? ShareInstanceStatus.ReplicaUpdating : ShareInstanceStatus.Available, during);
            Assert.Equal(Expected(policy, ApiStatus.Accepted), (await w.Client.DeleteReplica(replica)).Status);
            await w.Settle();
            if (policy == ConcurrencyPolicy.Guarded)
                Assert.Equal(ShareInstanceStatus.Available, w.D.Db.Store.Find<ShareInstance>(replica)!.Status); // mark cleared
            else
                Assert.Null(w.D.Db.Store.Find<ShareInstance>(replica)); // the delete waited for the poll's lock
            AssertCalm(w, share);
        }, Replicated(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void ResizesAndReplicaChangesExcludeEachOther(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            var replica = await SettledReplica(w, share);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteReplica(replica)).Status);
            // Guarded: the extend would charge a replica that is on its way out.
            Assert.Equal(Expected(policy, ApiStatus.Accepted), (await w.Client.ExtendShare(share, 2)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.ExtendShare(share, 3)).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateReplica(share)).Status); // the active replica is extending
            await w.Settle();
            AssertCalm(w, share);
            if (policy == ConcurrencyPolicy.Guarded)
                Assert.Equal(3, w.D.Quotas.InUse(w.Client.ProjectId, Quota.QuotaResources.ReplicaGigabytes));
        }, Replicated(), schedules: 2);
}
