// Replicas: create, promote, resync, delete with their guards; read-only rules on readable secondaries; the promote
// write order (HEAD vs the pre-f7783776b flag); the replica-state and replica-snapshot polls.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Api;

namespace SimManila.Services.Tests;

public class ReplicaTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    static Topology Replicated(params string[] periodic) => new()
    {
        Backends =
        [
            new BackendSpec("host1", new DriverCapabilities { ReplicationType = "readable" }),
            new BackendSpec("host2", new DriverCapabilities { ReplicationType = "readable" }),
        ],
        EnabledPeriodicTasks = PeriodicTaskNames.Of(periodic),
        PeriodicHorizon = TimeSpan.FromHours(3),
    };

    static readonly CreateShareRequest Readable = new(1) { ReplicationType = "readable" };

    static int Actives(World w, string shareId) =>
        w.D.Db.Store.Where<ShareInstance>(i => i.ShareId == shareId).Count(i => i.ReplicaState == ReplicaState.Active);

    [Theory, MemberData(nameof(Cases))]
    public void ReplicaIsCreatedPromotedAndDeleted(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            var first = w.Instance(share);
            Assert.Equal(ReplicaState.Active, first.ReplicaState);

            var replica = (await w.Client.CreateReplica(share)).Resource!;
            Assert.Equal("out_of_sync", replica.ReplicaState);
            await w.Settle();
            var created = (await w.Client.GetReplica(replica.Id)).Resource!;
            Assert.Equal("available", created.Status);
            Assert.Contains(created.ReplicaState, new[] { "in_sync", "out_of_sync" });

            Assert.Equal(ApiStatus.Accepted, (await w.Client.PromoteReplica(replica.Id, admin: true)).Status);
            await w.Settle();
            Assert.Equal("active", (await w.Client.GetReplica(replica.Id)).Resource!.ReplicaState);
            Assert.NotEqual("active", (await w.Client.GetReplica(first.Id)).Resource!.ReplicaState);
            Assert.Equal(1, Actives(w, share));
            Assert.Equal(ApiStatus.Ok, (await w.Client.PromoteReplica(replica.Id)).Status); // already active: no-op
            Assert.Equal(ApiStatus.Ok, (await w.Client.ResyncReplica(replica.Id)).Status);

            var lastActive = await w.Client.DeleteReplica(replica.Id);
            Assert.Equal(ApiStatus.BadRequest, lastActive.Status);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteReplica(first.Id)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetReplica(first.Id)).Status);
            Assert.DoesNotContain(w.D.Backends.Values, b => b.Shares.ContainsKey(first.Id));
            Assert.Empty(w.D.Transitions.Violations);
        }, Replicated(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void ReplicaGuardsRefuseWhatManilaRefuses(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var plain = (await w.Client.CreateShare(1)).Resource!.Id;
            var replicated = (await w.Client.CreateShare(Readable)).Resource!.Id;
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateReplica(replicated)).Status); // active replica still creating
            await w.Settle();
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateReplica(plain)).Status);
            Assert.Equal(ApiStatus.NotFound, (await w.Client.CreateReplica("share-404")).Status);
            Assert.Equal(ApiStatus.NotFound, (await w.Client.PromoteReplica("instance-404")).Status);
            var replica = (await w.Client.CreateReplica(replicated)).Resource!.Id;
            Assert.Equal(ApiStatus.Conflict, (await w.Client.PromoteReplica(replica, admin: true)).Status); // creating
            await w.Settle();
            var state = (await w.Client.GetReplica(replica)).Resource!.ReplicaState;
            var promote = await w.Client.PromoteReplica(replica);
            Assert.Equal(state == "out_of_sync" ? ApiStatus.Forbidden : ApiStatus.Accepted, promote.Status);
            Assert.Equal(ApiStatus.Conflict, (await w.Client.DeleteShare(replicated)).Status); // has replicas
            await w.Settle();
        }, Replicated(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void RulesOnAReadableSecondaryAreCastToReadOnly(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            var rule = (await w.Client.AllowAccess(share, "ip", "10.0.0.1", "rw")).Resource!.Id;
            await w.Settle();
            var replica = (await w.Client.CreateReplica(share)).Resource!.Id;
            await w.Settle();
            var primary = w.D.Backends.Values.Select(b => b.Shares.GetValueOrDefault(w.D.Db.Store.Where<ShareInstance>(i => i.ShareId == share && i.Id != replica).Single().Id)).Single(s => s is not null)!;
            var secondary = w.D.Backends.Values.Select(b => b.Shares.GetValueOrDefault(replica)).Single(s => s is not null)!;
            Assert.Equal("rw", primary.AppliedRules[rule].AccessLevel);
            Assert.Equal("ro", secondary.AppliedRules[rule].AccessLevel);

            await w.Client.PromoteReplica(replica, admin: true);
            await w.Settle();
            Assert.Equal("rw", secondary.AppliedRules[rule].AccessLevel); // the new active takes rw again
            Assert.Equal("ro", primary.AppliedRules[rule].AccessLevel);
        }, Replicated(), schedules: 1);

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void PromoteOrderDecidesWhetherTwoActivesAreEverVisible(bool newActiveFirst, int expectedMostActives) =>
        ServiceHarness.Run(ConcurrencyPolicy.Legacy, DatabaseProvider.InMemory, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            var replica = (await w.Client.CreateReplica(share)).Resource!.Id;
            await w.Settle();
            int most = 0;
            w.Sim.AfterEachStep(() => most = Math.Max(most, Actives(w, share)));
            await w.Client.PromoteReplica(replica, admin: true);
            await w.Settle();
            Assert.Equal(expectedMostActives, most);
            Assert.Equal(1, Actives(w, share));
        }, Replicated() with { ReproduceFixedBugs = newActiveFirst ? new HashSet<string> { SimManila.Services.History.Fixes.PromoteWritesNewActiveLast.Id } : new HashSet<string>() }, schedules: 1);

    [Theory, MemberData(nameof(Cases))]
    public void PeriodicPollsUpdateReplicaStateAndFinishReplicaSnapshots(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            var replica = (await w.Client.CreateReplica(share)).Resource!.Id;
            await w.Settle();
            var snapshot = (await w.Client.CreateSnapshot(share)).Resource!.Id;
            await w.Sim.Delay(TimeSpan.FromMinutes(6)); // past the next 300 s tick
            var onReplica = w.D.Db.Store.Where<SnapshotInstance>(s => s.ShareInstanceId == replica).Single();
            Assert.Equal(SnapshotInstanceStatus.Available, onReplica.Status);
            Assert.Equal("available", (await w.Client.GetSnapshot(snapshot)).Resource!.Status);
            await w.Sim.Delay(TimeSpan.FromMinutes(6));
            var host = w.D.Db.Store.Find<ShareInstance>(replica)!.Host!;
            Assert.True(w.D.Backends[host].CountCalls("update_replica_state", replica) >= 1);

            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteSnapshot(snapshot)).Status);
            await w.Sim.Delay(TimeSpan.FromMinutes(6));
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetSnapshot(snapshot)).Status);
            Assert.Empty(w.D.Db.Store.All<SnapshotInstance>());
            Assert.Empty(w.D.Transitions.Violations);
            Assert.Empty(w.D.PeriodicFailures);
        }, Replicated(PeriodicTaskNames.ReplicaUpdate, PeriodicTaskNames.ReplicaSnapshotUpdate), schedules: 1);
}
