// The share manager's periodic tasks SimManila runs, by Manila's method names, with Manila's default intervals.
namespace SimManila.Services;

public static class PeriodicTaskNames
{
    public const string ReplicaUpdate = "periodic_share_replica_update";
    public const string ReplicaSnapshotUpdate = "periodic_share_replica_snapshot_update";
    public const string DeleteFreeShareServers = "delete_free_share_servers";
    public const string DeferredShareDeletion = "do_deferred_share_deletion";
    public const string DeferredSnapshotDeletion = "do_deferred_snapshot_deletion";
    public const string ShareStatusUpdate = "periodic_share_status_update";

    public static IReadOnlyList<string> All { get; } =
        [ReplicaUpdate, ReplicaSnapshotUpdate, DeleteFreeShareServers, DeferredShareDeletion, DeferredSnapshotDeletion, ShareStatusUpdate];

    /// <summary>replica_state_update_interval 300 s; delete_free_share_servers fixed 600 s;
    /// periodic_deferred_delete_interval 300 s; periodic_interval 60 s.</summary>
    public static TimeSpan DefaultInterval(string name) => name switch
    {
        ReplicaUpdate or ReplicaSnapshotUpdate => TimeSpan.FromSeconds(300),
        DeleteFreeShareServers => TimeSpan.FromSeconds(600),
        DeferredShareDeletion or DeferredSnapshotDeletion => TimeSpan.FromSeconds(300),
        ShareStatusUpdate => TimeSpan.FromSeconds(60),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a periodic task SimManila runs"),
    };

    /// <summary>The task a periodic tick's operation runs ("host1.delete_free_share_servers#2"), or null for any other
    /// operation.</summary>
    public static string? TaskOf(string? operationName)
    {
        int hash = operationName?.LastIndexOf('#') ?? -1;
        if (hash < 0) return null;
        var prefix = operationName.AsSpan(0, hash);
        foreach (var task in All)
            if (prefix.Length > task.Length && prefix.EndsWith(task, StringComparison.Ordinal) && prefix[^(task.Length + 1)] == '.')
                return task;
        return null;
    }

    /// <summary>A set of task names for Topology.EnabledPeriodicTasks.</summary>
    public static IReadOnlySet<string> Of(params string[] names) => new HashSet<string>(names, StringComparer.Ordinal);
}
