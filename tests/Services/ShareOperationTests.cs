// Shares: create, create from snapshot, delete, force delete, extend, shrink, revert; guards and quota answers.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Api;
using SimManila.Services.Quota;

namespace SimManila.Services.Tests;

public class ShareOperationTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    static Topology WithRevert => new()
    {
        Backends = [new BackendSpec("host1", new DriverCapabilities { RevertToSnapshotSupport = true })],
    };

    [Theory, MemberData(nameof(Cases))]
    public void CreateThenDeleteLeavesNothingBehind(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var created = await w.Client.CreateShare(10);
            Assert.Equal(ApiStatus.Accepted, created.Status);
            Assert.Equal("creating", created.Resource!.Status);
            await w.Settle();
            var shown = await w.Client.GetShare(created.Resource.Id);
            Assert.Equal("available", shown.Resource!.Status);
            Assert.Equal("host1", shown.Resource.Host);
            var instance = w.Instance(created.Resource.Id);
            Assert.True(w.D.Backends["host1"].Shares.ContainsKey(instance.Id));
            Assert.Equal(1, w.D.Quotas.InUse("demo", QuotaResources.Shares));
            Assert.Equal(10, w.D.Quotas.InUse("demo", QuotaResources.Gigabytes));

            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShare(created.Resource.Id)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetShare(created.Resource.Id)).Status);
            Assert.Empty(w.D.Backends["host1"].Shares);
            Assert.Equal(0, w.D.Quotas.InUse("demo", QuotaResources.Shares));
            Assert.Equal(0, w.D.Quotas.InUse("demo", QuotaResources.Gigabytes));
            Assert.Empty(w.D.Transitions.Violations);
        });

    [Theory, MemberData(nameof(Cases))]
    public void DeleteIsRefusedWhileCreatingAndUnknownSharesAreNotFound(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var created = await w.Client.CreateShare(1);
            var refused = await w.Client.DeleteShare(created.Resource!.Id);
            Assert.Equal(ApiStatus.Conflict, refused.Status);
            Assert.Contains("creating", refused.Message);
            Assert.Equal(ApiStatus.NotFound, (await w.Client.DeleteShare("share-404")).Status);
            await w.Settle();
        });

    [Theory, MemberData(nameof(Cases))]
    public void BadInputAndQuotaAreRefused(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateShare(0)).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateShare(1, "SMB9")).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateShare(1, "CEPHFS")).Status); // no backend serves it
            var tooBig = await w.Client.CreateShare(5000);
            Assert.Equal(ApiStatus.OverQuota, tooBig.Status);
            Assert.Contains("gigabytes", tooBig.Message);
            Assert.Equal(0, w.D.Quotas.InUse("demo", QuotaResources.Shares));
        }, new Topology { Quotas = new QuotaLimits { Gigabytes = 100 } });

    [Theory, MemberData(nameof(Cases))]
    public void ForceDeleteRemovesAShareInError(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            // The only backend is too small: the scheduler finds no valid host and the share goes to error.
            var created = await w.Client.CreateShare(50);
            await w.Settle();
            Assert.Equal("error", (await w.Client.GetShare(created.Resource!.Id)).Resource!.Status);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShare(created.Resource.Id, force: true)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetShare(created.Resource.Id)).Status);
            Assert.Equal(0, w.D.Quotas.InUse("demo", QuotaResources.Gigabytes));
        }, new Topology { Backends = [new BackendSpec("host1", new DriverCapabilities { TotalCapacityGb = 10 })] });

    [Theory, MemberData(nameof(Cases))]
    public void ExtendAndShrinkChangeSizeAndQuota(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var id = (await w.Client.CreateShare(10)).Resource!.Id;
            await w.Settle();
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.ExtendShare(id, 5)).Status);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.ExtendShare(id, 20)).Status);
            Assert.Equal(ApiStatus.Conflict, (await w.Client.ShrinkShare(id, 5)).Status); // still extending
            await w.Settle();
            var instance = w.Instance(id);
            Assert.Equal(20, w.D.Backends["host1"].Shares[instance.Id].SizeGb);
            Assert.Equal(20, w.D.Quotas.InUse("demo", QuotaResources.Gigabytes));

            Assert.Equal(ApiStatus.Accepted, (await w.Client.ShrinkShare(id, 8)).Status);
            await w.Settle();
            var shown = (await w.Client.GetShare(id)).Resource!;
            Assert.Equal(("available", 8), (shown.Status, shown.Size));
            Assert.Equal(8, w.D.Quotas.InUse("demo", QuotaResources.Gigabytes));
            Assert.Equal(ApiStatus.OverQuota, (await w.Client.ExtendShare(id, 500)).Status);
        }, new Topology { Quotas = new QuotaLimits { Gigabytes = 100 } });

    [Theory, MemberData(nameof(Cases))]
    public void RevertNeedsSupportTheLatestSnapshotAndRestoresItsSize(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var id = (await w.Client.CreateShare(new CreateShareRequest(10) { RevertToSnapshotSupport = true })).Resource!.Id;
            await w.Settle();
            var first = (await w.Client.CreateSnapshot(id)).Resource!.Id;
            await w.Settle();
            await w.Client.ExtendShare(id, 15);
            await w.Settle();
            var second = (await w.Client.CreateSnapshot(id)).Resource!.Id;
            await w.Settle();
            var notLatest = await w.Client.RevertShare(id, first);
            Assert.Equal(ApiStatus.Conflict, notLatest.Status);
            Assert.Contains("latest", notLatest.Message);
            await w.Client.DeleteSnapshot(second);
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.RevertShare(id, first)).Status);
            await w.Settle();
            var shown = (await w.Client.GetShare(id)).Resource!;
            Assert.Equal(("available", 10), (shown.Status, shown.Size));
            Assert.Equal("available", (await w.Client.GetSnapshot(first)).Resource!.Status);

            var plain = (await w.Client.CreateShare(1)).Resource!.Id;
            await w.Settle();
            var snap = (await w.Client.CreateSnapshot(plain)).Resource!.Id;
            await w.Settle();
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.RevertShare(plain, snap)).Status);
        }, WithRevert);

    [Theory, MemberData(nameof(Cases))]
    public void ShareFromSnapshotLandsOnTheSourceHost(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var source = (await w.Client.CreateShare(5)).Resource!.Id;
            await w.Settle();
            var snapshot = (await w.Client.CreateSnapshot(source)).Resource!.Id;
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateShare(new CreateShareRequest(5, SnapshotId: snapshot))).Status); // still creating
            await w.Settle();
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateShare(new CreateShareRequest(2, SnapshotId: snapshot))).Status); // too small
            var copy = await w.Client.CreateShare(new CreateShareRequest(5, SnapshotId: snapshot));
            Assert.Equal(ApiStatus.Accepted, copy.Status);
            await w.Settle();
            var shown = (await w.Client.GetShare(copy.Resource!.Id)).Resource!;
            Assert.Equal("available", shown.Status);
            Assert.Equal(w.Instance(source).Host, shown.Host);
        }, new Topology { Backends = [new BackendSpec("host1"), new BackendSpec("host2")] });

    [Theory, MemberData(nameof(Cases))]
    public void AsyncCreateFromSnapshotIsFinishedByTheStatusPoll(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var source = (await w.Client.CreateShare(5)).Resource!.Id;
            await w.Settle();
            var snapshot = (await w.Client.CreateSnapshot(source)).Resource!.Id;
            await w.Settle();
            var copy = (await w.Client.CreateShare(new CreateShareRequest(5, SnapshotId: snapshot))).Resource!.Id;
            await w.Settle();
            Assert.Equal("creating_from_snapshot", (await w.Client.GetShare(copy)).Resource!.Status);
            await w.D.Manager("host1").PollCreatingFromSnapshot();
            Assert.Equal("available", (await w.Client.GetShare(copy)).Resource!.Status);
        }, new Topology { Backends = [new BackendSpec("host1", new DriverCapabilities { AsyncCreateFromSnapshot = true })] });

    [Theory, MemberData(nameof(Cases))]
    public void ShrinkThatWouldLoseDataReturnsToAvailable(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var id = (await w.Client.CreateShare(10)).Resource!.Id;
            await w.Settle();
            w.D.Backends["host1"].Shares[w.Instance(id).Id].UsedGb = 6;
            Assert.Equal(ApiStatus.Accepted, (await w.Client.ShrinkShare(id, 4)).Status);
            await w.Settle();
            var shown = (await w.Client.GetShare(id)).Resource!;
            Assert.Equal(("available", 10), (shown.Status, shown.Size));
            Assert.Equal(10, w.D.Quotas.InUse("demo", QuotaResources.Gigabytes));
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.ShrinkShare(id, 0)).Status);
        });
}
