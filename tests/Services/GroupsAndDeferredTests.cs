// Share groups (members, delete guards, a group's server blocks server delete), deferred deletion with the per-host
// retry (and on non-active replicas, by the replica snapshot poll), and the creating_from_snapshot status poll as a
// periodic task.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Api;
using SimManila.Services.Quota;
using SimManila.Simulation;

namespace SimManila.Services.Tests;

public class GroupsAndDeferredTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    [Theory, MemberData(nameof(Cases))]
    public void GroupTakesSharesAndIsDeletedOnlyWhenEmpty(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var group = (await w.Client.CreateShareGroup()).Resource!.Id;
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateShare(new CreateShareRequest(1) { ShareGroupId = group })).Status); // creating
            await w.Settle();
            Assert.Equal("available", (await w.Client.GetShareGroup(group)).Resource!.Status);
            var share = (await w.Client.CreateShare(new CreateShareRequest(1) { ShareGroupId = group })).Resource!.Id;
            await w.Settle();
            Assert.Equal("available", (await w.Client.GetShare(share)).Resource!.Status);
            Assert.Equal(ApiStatus.Conflict, (await w.Client.DeleteShareGroup(group)).Status);
            await w.Client.DeleteShare(share);
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShareGroup(group)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetShareGroup(group)).Status);
            Assert.Empty(w.D.Backends["host1"].Groups);
            Assert.Empty(w.D.Transitions.Violations);
        }, schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void AGroupOnAServerBlocksServerAndSubnetDelete(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var network = (await w.Client.CreateShareNetwork()).Resource!;
            var group = (await w.Client.CreateShareGroup(network.Id)).Resource!.Id;
            await w.Settle();
            var shown = (await w.Client.GetShareGroup(group)).Resource!;
            Assert.Equal("available", shown.Status);
            Assert.NotNull(shown.ShareServerId);
            var refused = await w.Client.DeleteShareServer(shown.ShareServerId!);
            Assert.Equal(ApiStatus.Conflict, refused.Status);
            Assert.Contains("group", refused.Message);
            Assert.Equal(ApiStatus.Conflict, (await w.Client.DeleteSubnet(network.Id, network.SubnetIds[0])).Status);
            Assert.Equal(ApiStatus.Conflict, (await w.Client.DeleteShareNetwork(network.Id)).Status);
            await w.Client.DeleteShareGroup(group);
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShareServer(shown.ShareServerId!)).Status);
            await w.Settle();
            Assert.Empty(w.D.Backends["host1"].Servers);
        }, ShareServerTests.Dhss(), schedules: 2);

    static Topology Deferred => new()
    {
        Backends = [new BackendSpec("host1"), new BackendSpec("host2")],
        DeferredDeletion = true,
        EnabledPeriodicTasks = PeriodicTaskNames.Of(PeriodicTaskNames.DeferredShareDeletion, PeriodicTaskNames.DeferredSnapshotDeletion),
        PeriodicHorizon = TimeSpan.FromHours(3),
    };

    [Theory, MemberData(nameof(Cases))]
    public void DeferredDeletesGoThroughDeferredDeletingAndFailuresAreRetriedByTheOwningHost(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(1)).Resource!.Id;
            await w.Settle();
            var snapshot = (await w.Client.CreateSnapshot(share)).Resource!.Id;
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteSnapshot(snapshot)).Status);
            Assert.Equal("deferred_deleting", (await w.Client.GetSnapshot(snapshot)).Resource!.Status);
            await w.Settle();
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetSnapshot(snapshot)).Status);

            // The backend refuses the first delete (the fault plan fails it once): the deferred delete fails, and only
            // the owning host's periodic retries it. (A share the backend lost is not a failure under Guarded: deleted.)
            var instance = w.Instance(share);
            var owner = instance.Host!;
            var other = owner == "host1" ? "host2" : "host1";
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShare(share)).Status);
            Assert.Equal("deferred_deleting", (await w.Client.GetShare(share)).Resource!.Status);
            await w.Sim.Delay(TimeSpan.FromSeconds(30));
            Assert.Equal("error_deferred_deleting", (await w.Client.GetShare(share)).Resource!.Status);
            await w.Sim.Delay(TimeSpan.FromMinutes(6));
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetShare(share)).Status);
            Assert.Equal(0, w.D.Quotas.InUse("demo", QuotaResources.Shares));
            Assert.Equal(0, w.D.Backends[other].CountCalls("delete_share", instance.Id));
            Assert.Empty(w.D.Transitions.Violations);
        }, Deferred, schedules: 2, faults: new FaultSettings { EnabledSites = ["driver.delete_share:once"] });

    [Theory, MemberData(nameof(Cases))]
    public void ADeferredDeleteOfAReplicatedSnapshotIsFinishedOnTheNonActiveReplicaByTheReplicaSnapshotPoll(
        ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(new CreateShareRequest(1) { ReplicationType = "dr" })).Resource!.Id;
            await w.Settle();
            var replica = (await w.Client.CreateReplica(share)).Resource!.Id;
            await w.Settle();
            var snapshot = (await w.Client.CreateSnapshot(share)).Resource!.Id;
            await w.Sim.Delay(TimeSpan.FromMinutes(10)); // the poll makes the replica's instance available
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteSnapshot(snapshot)).Status);
            // The delete casts to the active replica's host only: the other instance waits, deferred, for the poll.
            Assert.Contains(w.D.Db.Store.Where<SnapshotInstance>(s => s.SnapshotId == snapshot),
                s => s.ShareInstanceId == replica && s.Status == SnapshotInstanceStatus.DeferredDeleting);
            await w.Sim.Delay(TimeSpan.FromMinutes(10));
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetSnapshot(snapshot)).Status);
            Assert.Empty(w.D.Db.Store.Where<SnapshotInstance>(s => s.SnapshotId == snapshot));
            Assert.Empty(w.D.Transitions.Violations);
        }, Deferred with
        {
            Backends = [new BackendSpec("host1", new DriverCapabilities { ReplicationType = "dr" })],
            EnabledPeriodicTasks = PeriodicTaskNames.Of(PeriodicTaskNames.DeferredSnapshotDeletion,
                PeriodicTaskNames.ReplicaUpdate, PeriodicTaskNames.ReplicaSnapshotUpdate),
        }, schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void StatusPollFinishesSharesCreatedAsynchronouslyFromASnapshot(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(1)).Resource!.Id;
            await w.Settle();
            var snapshot = (await w.Client.CreateSnapshot(share)).Resource!.Id;
            await w.Settle();
            var child = (await w.Client.CreateShare(new CreateShareRequest(1) { SnapshotId = snapshot })).Resource!.Id;
            await w.Sim.Delay(TimeSpan.FromSeconds(30));
            Assert.Equal("creating_from_snapshot", (await w.Client.GetShare(child)).Resource!.Status);
            await w.Sim.Delay(TimeSpan.FromMinutes(2));
            Assert.Equal("available", (await w.Client.GetShare(child)).Resource!.Status);
        }, new Topology
        {
            Backends = [new BackendSpec("host1", new DriverCapabilities { AsyncCreateFromSnapshot = true })],
            EnabledPeriodicTasks = PeriodicTaskNames.Of(PeriodicTaskNames.ShareStatusUpdate),
        }, schedules: 1);
}
