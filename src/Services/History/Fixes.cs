// The registry of race fixes SimManila models, oldest first: the list reads as Manila's race history. Each is one named
// switch, read where Manila's code before and after the fix differs (`Deployment.Lacks(fix)` is true only under Legacy
// with the fix switched off). Rows of the fact sheet's section 4 that are not here are listed, with the reason, in
// docs/reproduce-an-older-release.md.
namespace SimManila.Services.History;

public static class Fixes
{
    public static readonly Fix ServerIdWrittenInLock = new("bp add-admin-api-delete-share-server", "83e94d735", "2014-07-01", "share servers",
        "the share gets share_server_id inside the share-network lock, and delete_share_server takes that lock and re-checks for shares before tearing the server down",
        "the share learned its server after the lock was released, and the server teardown took no lock and checked nothing");

    public static readonly Fix ServerDeleteChecksGroups = new("LP 1501326", "251673371", "2015-09-30", "share servers",
        "the API refuses to delete a share server a share group (then: consistency group) uses",
        "the API checked only for shares on the server, and the manager's re-check looks at shares only");

    public static readonly Fix AccessRequeuedAfterDriverCall = new("LP 1550295", "70f59f7b7", "2016-03-03", "access rules",
        "update_access looks again for rules queued while the driver applied a batch, and applies them",
        "rules queued during the driver call were left queued: their own update_access had returned under the running sync");

    public static readonly Fix ReplicaLockThroughCoordinator = new("LP 1585241", "02ab18c5d", "2016-05-17", "replicas",
        "replica operations take a tooz lock, shared by every host when a DLM backs the coordinator",
        "the replica operation lock was an oslo file lock, local to each host even with a DLM configured");

    public static readonly Fix AccessUpdatesOneAtATime = new("LP 1566815", "d878826cf", "2016-08-02", "access rules",
        "one access-rule sync at a time per share instance (a whole-update lock, since 64a73b141 the single-syncer rule)",
        "every update_access call synced the instance's rules on its own, so a stale sync could re-add a rule another had removed");

    public static readonly Fix PromoteWritesNewActiveLast = new("LP 1664201", "f7783776b", "2017-02-28", "replicas",
        "promote demotes the old active replica first and writes the promoted one last (transiently no active replica)",
        "promote wrote the new active replica before demoting the old one, so two active replicas were visible in between");

    public static readonly Fix QuotaReleasedWithRowDelete = new("LP 1707377", "3c5963049", "2017-08-11", "quotas",
        "a share delete releases shares and gigabytes in the transaction that deletes the instance row: only the request that deleted it releases quota",
        "the API reserved and committed -1 share and -size gigabytes for every delete request that passed its status check");

    public static readonly Fix PollNeedsActiveReplica = new("LP 1924230", "7b7d18e14", "2021-04-16", "replicas",
        "_share_replica_update sets replica_state error and returns when the share has no active replica",
        "it indexed the list of active replicas ([...][0]) and raised IndexError when there was none");

    public static readonly Fix SubnetDeleteChecksGroups = new("LP 2004212", "2b5205672", "2023-01-31", "networks and subnets",
        "subnet delete refuses while a share server of the subnet carries a share group",
        "it checked for shares only, so the group's server was torn down under it");

    public static readonly Fix PollSkipsErrorDeleting = new("LP 2024578", "ca90c87c4", "2023-06-21", "replicas",
        "the replica poll skips replicas in error_deleting",
        "it polled them, and a driver error overwrote error_deleting with error");

    public static readonly Fix ResetReplicaStateSparesActive = new("LP 2015328", "b7a1b5b2c", "2023-10-25", "replicas",
        "reset_replica_state refuses (400) to change the replica_state of the active replica",
        "an admin could reset the active replica to out_of_sync or error, leaving the share with no active replica");

    public static readonly Fix HostStateUpdateLocked = new("LP 1871768", "c5206fe3e", "2025-01-21", "scheduler",
        "PoolState.update_from_share_capability runs under a lock, so no request reads a pool while another resets it",
        "a request could read provisioned_capacity_gb as None while another request's capability update recomputed it");

    public static readonly Fix SnapshotAggregateGuard = new("LP 2114260", "9b2b69734", "2025-06-13", "snapshots",
        "a snapshot's aggregate status skips instances whose share instance was deleted meanwhile",
        "the model property raised TypeError ('NoneType' object is not subscriptable): a 500 for the request");

    public static readonly Fix CleanupReclaimsStuckServers = new("LP 2142133", "096b9a680", "2026-02-18", "share servers",
        "the unused-server cleanup also reclaims idle servers stuck in creating or deleting",
        "it reclaimed inactive, active and error servers only, so a server left creating or deleting stayed forever");

    public static readonly Fix DeferredSnapshotDeletionByHost = new("LP 2068043", "f1647baaf", "2026-04-21", "deferred deletion",
        "do_deferred_snapshot_deletion retries only the snapshot instances of its own host",
        "every host retried every error_deferred_deleting snapshot instance with its own driver and deleted the row of one it did not hold");

    /// <summary>Every fix, in the order Manila merged them.</summary>
    public static IReadOnlyList<Fix> All { get; } =
    [
        ServerIdWrittenInLock, ServerDeleteChecksGroups, AccessRequeuedAfterDriverCall, ReplicaLockThroughCoordinator,
        AccessUpdatesOneAtATime, PromoteWritesNewActiveLast, QuotaReleasedWithRowDelete, PollNeedsActiveReplica,
        SubnetDeleteChecksGroups, PollSkipsErrorDeleting, ResetReplicaStateSparesActive, HostStateUpdateLocked,
        SnapshotAggregateGuard, CleanupReclaimsStuckServers, DeferredSnapshotDeletionByHost,
    ];

    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(f => f.Id)];

    /// <summary>The fix with this id ("LP 2068043") or commit (its first seven or more hex digits); null if none.</summary>
    public static Fix? Find(string idOrCommit)
    {
        ArgumentNullException.ThrowIfNull(idOrCommit);
        var text = idOrCommit.Trim();
        var byId = All.FirstOrDefault(f => string.Equals(f.Id, text, StringComparison.OrdinalIgnoreCase));
        if (byId is not null) return byId;
        return text.Length >= 7 ? All.FirstOrDefault(f => f.Commit.StartsWith(text, StringComparison.OrdinalIgnoreCase)
            || text.StartsWith(f.Commit, StringComparison.OrdinalIgnoreCase)) : null;
    }
}
