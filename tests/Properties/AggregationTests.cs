// The share-status selection rule and the snapshot aggregate_status rule, against the fact sheet's examples.
using SimManila.Model;
using SimManila.StateMachines;

namespace SimManila.Properties.Tests;

public sealed class AggregationTests
{
    private static int counter;

    private static ShareInstance Instance(ShareInstanceStatus status, ReplicaState? replicaState = null) => new()
    {
        Id = "si-" + Interlocked.Increment(ref counter), ShareId = "share-1", Status = status, ReplicaState = replicaState,
    };

    private static (SnapshotInstance, ShareInstance?) Snap(SnapshotInstanceStatus status, ShareInstance? share) =>
        (new SnapshotInstance { Id = "ssi-" + Interlocked.Increment(ref counter), SnapshotId = "snap-1", ShareInstanceId = share?.Id ?? "x", Status = status }, share);

    [Fact]
    public void Share_status_follows_the_preference_order()
    {
        var s = ShareInstanceStatus.Available;
        Assert.Null(ShareLifecycle.Status([]));
        Assert.Equal(ShareInstanceStatus.Available, ShareLifecycle.Status([Instance(ShareInstanceStatus.Creating), Instance(s)]));
        Assert.Equal(ShareInstanceStatus.Migrating, ShareLifecycle.Status([Instance(ShareInstanceStatus.MigratingTo), Instance(ShareInstanceStatus.Migrating)]));
        Assert.Equal(ShareInstanceStatus.Reverting, ShareLifecycle.Status([Instance(s), Instance(ShareInstanceStatus.Reverting)]));
        Assert.Equal(ShareInstanceStatus.Error, ShareLifecycle.Status([Instance(ShareInstanceStatus.Deleting), Instance(ShareInstanceStatus.Error)]));
        // Other stable statuses come before transitional ones (Manila's test_share_instance_not_transitional).
        Assert.Equal(ShareInstanceStatus.ShrinkingError, ShareLifecycle.Status([Instance(ShareInstanceStatus.Shrinking), Instance(ShareInstanceStatus.ShrinkingError)]));
        Assert.Equal(ShareInstanceStatus.Inactive, ShareLifecycle.Status([Instance(ShareInstanceStatus.Extending), Instance(ShareInstanceStatus.Inactive)]));
        // Soft-deleted instances do not count.
        var gone = Instance(ShareInstanceStatus.Error);
        gone.Deleted = true;
        Assert.Equal(ShareInstanceStatus.Creating, ShareLifecycle.Status([gone, Instance(ShareInstanceStatus.Creating)]));
    }

    [Fact]
    public void Replicated_share_prefers_the_active_replica_unless_a_promotion_is_running()
    {
        var active = Instance(ShareInstanceStatus.Error, ReplicaState.Active);
        var secondary = Instance(ShareInstanceStatus.Available, ReplicaState.InSync);
        Assert.Same(active, ShareLifecycle.SelectInstance([secondary, active]));
        var promoting = Instance(ShareInstanceStatus.ReplicationChange, ReplicaState.InSync);
        Assert.Same(promoting, ShareLifecycle.SelectInstance([active, promoting]));
        // No active replica (transiently, during a promotion's final writes): the best by status.
        var a = Instance(ShareInstanceStatus.Available, ReplicaState.OutOfSync);
        Assert.Same(a, ShareLifecycle.SelectInstance([Instance(ShareInstanceStatus.Creating, ReplicaState.OutOfSync), a]));
    }

    [Fact]
    public void Snapshot_aggregate_status_is_the_worst_over_active_and_in_sync_replicas()
    {
        var active = Instance(ShareInstanceStatus.Available, ReplicaState.Active);
        var inSync = Instance(ShareInstanceStatus.Available, ReplicaState.InSync);
        var outOfSync = Instance(ShareInstanceStatus.Available, ReplicaState.OutOfSync);
        Assert.Equal(SnapshotInstanceStatus.Creating, SnapshotLifecycle.AggregateStatus([
            Snap(SnapshotInstanceStatus.Available, active), Snap(SnapshotInstanceStatus.Creating, inSync),
            Snap(SnapshotInstanceStatus.Error, outOfSync)]));
        Assert.Equal(SnapshotInstanceStatus.Available, SnapshotLifecycle.AggregateStatus([
            Snap(SnapshotInstanceStatus.Available, active), Snap(SnapshotInstanceStatus.Error, outOfSync)]));
        Assert.Equal(SnapshotInstanceStatus.Deleting, SnapshotLifecycle.AggregateStatus([
            Snap(SnapshotInstanceStatus.Error, active), Snap(SnapshotInstanceStatus.Deleting, inSync)]));
        Assert.Equal(SnapshotInstanceStatus.Error, SnapshotLifecycle.AggregateStatus([
            Snap(SnapshotInstanceStatus.Available, active), Snap(SnapshotInstanceStatus.Error, inSync)]));
        Assert.Equal(SnapshotInstanceStatus.ServerMigrating, SnapshotLifecycle.AggregateStatus([
            Snap(SnapshotInstanceStatus.Available, active), Snap(SnapshotInstanceStatus.ServerMigrating, inSync)]));
        // Other statuses rank after available.
        Assert.Equal(SnapshotInstanceStatus.Available, SnapshotLifecycle.AggregateStatus([
            Snap(SnapshotInstanceStatus.Restoring, active), Snap(SnapshotInstanceStatus.Available, inSync)]));
    }

    [Fact]
    public void Snapshot_of_a_non_replicated_share_shows_its_proxied_instance()
    {
        var plain = Instance(ShareInstanceStatus.Available);
        Assert.Equal(SnapshotInstanceStatus.Error, SnapshotLifecycle.AggregateStatus([Snap(SnapshotInstanceStatus.Error, plain)]));
        var migratingSource = Instance(ShareInstanceStatus.Migrating);
        var destination = Instance(ShareInstanceStatus.MigratingTo);
        Assert.Equal(SnapshotInstanceStatus.Migrating, SnapshotLifecycle.AggregateStatus([
            Snap(SnapshotInstanceStatus.MigratingTo, destination), Snap(SnapshotInstanceStatus.Migrating, migratingSource)]));
        Assert.Null(SnapshotLifecycle.AggregateStatus([]));
    }
}
