// Snapshot `status` and `aggregate_status`: proxied from / aggregated over its instances; the rules as functions.
using SimManila.Model;
using static SimManila.Model.SnapshotInstanceStatus;

namespace SimManila.StateMachines;

public static class SnapshotLifecycle
{
    public const string Resource = "snapshot";

    /// <summary>Worst first (fact sheet §1.2; models: ShareSnapshot.aggregate_status).</summary>
    private static readonly SnapshotInstanceStatus[] WorstFirst = [Deleting, Creating, Error, Migrating, ServerMigrating, Available];

    /// <summary>The snapshot's lifecycle is its instances' lifecycle, seen through the aggregate.</summary>
    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Snapshot status (aggregate)", variant,
            "A snapshot has no status column: `ShareSnapshot.status` proxies one instance and the API guards on "
            + "`aggregate_status`; both take values of the snapshot-instance lifecycle (snapshot_instance.md), repeated here.\n\n"
            + "**aggregate_status** (`models: ShareSnapshot.aggregate_status`, `SnapshotLifecycle.AggregateStatus`): "
            + "consider only instances whose share instance has `replica_state` `active` or `in_sync`; if there are none, "
            + "use the proxied status; otherwise the worst by `deleting` > `creating` > `error` > `migrating` > "
            + "`server_migrating` > `available` > others (first seen first).\n\n"
            + "**status** (`models: ShareSnapshot.instance`, `SnapshotLifecycle.ProxiedInstance`): the first instance on an "
            + "`active` replica, else the first on a `migrating` share instance, else the first instance.");
        SnapshotInstanceLifecycle.Declare(m);
        return m.Build();
    }

    /// <summary>The instance `ShareSnapshot.status` proxies; null without live instances.</summary>
    public static SnapshotInstance? ProxiedInstance(IReadOnlyList<(SnapshotInstance Instance, ShareInstance? Share)> instances)
    {
        var live = instances.Where(x => !x.Instance.Deleted).ToList();
        if (live.Count == 0) return null;
        var chosen = live.FirstOrDefault(x => x.Share?.ReplicaState == ReplicaState.Active);
        if (chosen.Instance is null) chosen = live.FirstOrDefault(x => x.Share?.Status == ShareInstanceStatus.Migrating);
        return (chosen.Instance is null ? live[0] : chosen).Instance;
    }

    /// <summary>Manila's aggregate_status; null without live instances.</summary>
    public static SnapshotInstanceStatus? AggregateStatus(IReadOnlyList<(SnapshotInstance Instance, ShareInstance? Share)> instances)
    {
        var live = instances.Where(x => !x.Instance.Deleted).ToList();
        var qualified = live.Where(x => x.Share?.ReplicaState == ReplicaState.Active || x.Share?.ReplicaState == ReplicaState.InSync).ToList();
        if (qualified.Count == 0) return ProxiedInstance(live)?.Status;
        var order = new List<SnapshotInstanceStatus>(WorstFirst);
        foreach (var (instance, _) in live) if (!order.Contains(instance.Status)) order.Add(instance.Status);
        return qualified.OrderBy(x => order.IndexOf(x.Instance.Status)).First().Instance.Status;
    }
}
