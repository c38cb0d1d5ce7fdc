// Snapshots: create and delete, the guards on share delete, and the Guarded `snapshotting` exclusion.
using SimManila.Model;
using SimManila.Services.Api;
using SimManila.Services.Quota;

namespace SimManila.Services.Tests;

public class SnapshotOperationTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    [Theory, MemberData(nameof(Cases))]
    public void SnapshotIsCreatedOnTheBackendAndDeletedWithItsQuota(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(4)).Resource!.Id;
            await w.Settle();
            var created = await w.Client.CreateSnapshot(share);
            Assert.Equal(ApiStatus.Accepted, created.Status);
            await w.Settle();
            Assert.Equal("available", (await w.Client.GetSnapshot(created.Resource!.Id)).Resource!.Status);
            Assert.Single(w.D.Backends["host1"].Snapshots);
            Assert.Equal(1, w.D.Quotas.InUse("demo", QuotaResources.Snapshots));
            Assert.Equal(4, w.D.Quotas.InUse("demo", QuotaResources.SnapshotGigabytes));
            Assert.Equal("available", (await w.Client.GetShare(share)).Resource!.Status);

            var refused = await w.Client.DeleteShare(share);
            Assert.Equal(ApiStatus.Conflict, refused.Status);
            Assert.Contains("snapshot", refused.Message);

            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteSnapshot(created.Resource.Id)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetSnapshot(created.Resource.Id)).Status);
            Assert.Empty(w.D.Backends["host1"].Snapshots);
            Assert.Equal(0, w.D.Quotas.InUse("demo", QuotaResources.Snapshots));
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShare(share)).Status);
            await w.Settle();
            Assert.Empty(w.D.Transitions.Violations);
        });

    [Theory, MemberData(nameof(Cases))]
    public void SnapshotGuardsRefuseWhatManilaRefuses(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            Assert.Equal(ApiStatus.NotFound, (await w.Client.CreateSnapshot("share-404")).Status);
            var noSnapshots = (await w.Client.CreateShare(new CreateShareRequest(1) { SnapshotSupport = false })).Resource!.Id;
            var creating = (await w.Client.CreateShare(1)).Resource!.Id;
            Assert.Equal(ApiStatus.Conflict, (await w.Client.CreateSnapshot(creating)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateSnapshot(noSnapshots)).Status);
            var snapshot = (await w.Client.CreateSnapshot(creating)).Resource!.Id;
            Assert.Equal(ApiStatus.Conflict, (await w.Client.DeleteSnapshot(snapshot)).Status); // still creating
            Assert.Equal(ApiStatus.NotFound, (await w.Client.DeleteSnapshot("snapshot-404")).Status);
            await w.Settle();
        });

    [Theory]
    [InlineData(DatabaseProvider.InMemory)]
    [InlineData(DatabaseProvider.Sqlite)]
    public void GuardedMarksTheShareSnapshottingSoASecondSnapshotAndDeleteWait(DatabaseProvider db) =>
        ServiceHarness.Run(ConcurrencyPolicy.Guarded, db, async w =>
        {
            var share = (await w.Client.CreateShare(1)).Resource!.Id;
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.CreateSnapshot(share)).Status);
            Assert.Equal("snapshotting", (await w.Client.GetShare(share)).Resource!.Status);
            Assert.Equal(ApiStatus.Conflict, (await w.Client.CreateSnapshot(share)).Status);
            Assert.Equal(ApiStatus.Conflict, (await w.Client.DeleteShare(share)).Status);
            Assert.Equal(1, w.D.Quotas.InUse("demo", QuotaResources.Snapshots)); // the refused one rolled back
            await w.Settle();
            Assert.Equal("available", (await w.Client.GetShare(share)).Resource!.Status);
        });

    [Theory]
    [InlineData(DatabaseProvider.InMemory)]
    [InlineData(DatabaseProvider.Sqlite)]
    public void LegacyLeavesTheShareAvailableSoASecondSnapshotIsAccepted(DatabaseProvider db) =>
        ServiceHarness.Run(ConcurrencyPolicy.Legacy, db, async w =>
        {
            var share = (await w.Client.CreateShare(1)).Resource!.Id;
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.CreateSnapshot(share)).Status);
            Assert.Equal("available", (await w.Client.GetShare(share)).Resource!.Status);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.CreateSnapshot(share)).Status);
            await w.Settle();
            Assert.Equal(2, w.D.Backends["host1"].Snapshots.Count);
        });
}
