// Replica quotas as Manila charges them: a replicated share's first instance and every replica count once in
// share_replicas and by the share's size in replica_gigabytes; create reserves then commits, over quota is 413 with
// nothing held, a replica the backend failed to create stays charged until deleted, and delete releases.
using SimManila.Model;
using SimManila.Drivers;
using SimManila.Services.Api;
using SimManila.Services.Quota;
using SimManila.Simulation;

namespace SimManila.Services.Tests;

public class ReplicaQuotaTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    static Topology Replicated(int shareReplicas = 100) => new()
    {
        Backends =
        [
            new BackendSpec("host1", new DriverCapabilities { ReplicationType = "readable" }),
            new BackendSpec("host2", new DriverCapabilities { ReplicationType = "readable" }),
        ],
        Quotas = new QuotaLimits { ShareReplicas = shareReplicas },
    };

    static readonly CreateShareRequest Readable = new(3) { ReplicationType = "readable" };

    static (int Replicas, int ReplicaGigabytes, int Shares, int Reserved) Usage(World w)
    {
        var project = w.Client.ProjectId;
        var reserved = w.D.Db.Store.All<QuotaUsage>().Sum(u => u.Reserved);
        return (w.D.Quotas.InUse(project, QuotaResources.ShareReplicas), w.D.Quotas.InUse(project, QuotaResources.ReplicaGigabytes),
            w.D.Quotas.InUse(project, QuotaResources.Shares), reserved);
    }

    [Fact]
    public void ManilaDefaultsApply()
    {
        var limits = new QuotaLimits();
        Assert.Equal(100, limits.ShareReplicas);
        Assert.Equal(1000, limits.ReplicaGigabytes);
    }

    [Theory, MemberData(nameof(Cases))]
    public void CreateChargesAndDeleteReleasesReplicaQuota(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var plain = (await w.Client.CreateShare(2)).Resource!.Id;
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            Assert.Equal((1, 3, 2, 0), Usage(w)); // the first instance of a replicated share is a replica; plain is not
            var replica = (await w.Client.CreateReplica(share)).Resource!.Id;
            Assert.Equal((2, 6, 2, 0), Usage(w)); // committed by the API, before the manager runs
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteReplica(replica)).Status);
            await w.Settle();
            Assert.Equal((1, 3, 2, 0), Usage(w));
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShare(share)).Status);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShare(plain)).Status);
            await w.Settle();
            Assert.Equal((0, 0, 0, 0), Usage(w));
        }, Replicated(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void OverReplicaQuotaIsRefusedWith413AndHoldsNothing(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.CreateReplica(share)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.OverQuota, (await w.Client.CreateReplica(share)).Status);
            Assert.Equal(ApiStatus.OverQuota, (await w.Client.CreateShare(Readable)).Status); // its first replica too
            Assert.Equal((2, 6, 1, 0), Usage(w));
            Assert.Equal(2, w.D.Db.Store.Where<ShareInstance>(i => i.ShareId == share).Count);
        }, Replicated(shareReplicas: 2), schedules: 1);

    [Theory, MemberData(nameof(Cases))]
    public void AReplicaTheBackendFailedToCreateStaysChargedUntilDeleted(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            var replica = (await w.Client.CreateReplica(share)).Resource!.Id;
            await w.Settle();
            var failed = w.D.Db.Store.Find<ShareInstance>(replica)!;
            Assert.Equal(ShareInstanceStatus.Error, failed.Status);
            Assert.Equal(ReplicaState.Error, failed.ReplicaState);
            Assert.Equal((2, 6, 1, 0), Usage(w)); // Manila keeps the errored row, and its charge
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteReplica(replica)).Status);
            await w.Settle();
            Assert.Null(w.D.Db.Store.Find<ShareInstance>(replica));
            Assert.Equal((1, 3, 1, 0), Usage(w));
        }, Replicated(), schedules: 1,
        faults: new FaultSettings { EnabledSites = ["driver.create_replica"], ActivationProbability = 1, FireProbability = 1 });

    [Theory, MemberData(nameof(Cases))]
    public void ExtendingAReplicatedShareChargesEveryReplica(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(Readable)).Resource!.Id;
            await w.Settle();
            await w.Client.CreateReplica(share);
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.ExtendShare(share, 5)).Status);
            await w.Settle();
            Assert.Equal((2, 10, 1, 0), Usage(w));
        }, Replicated(), schedules: 1);
}
