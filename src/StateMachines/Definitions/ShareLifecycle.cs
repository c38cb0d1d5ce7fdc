// Share `status`: proxied from one selected instance (models: Share.instance); the selection rule as a function.
using SimManila.Model;
using static SimManila.Model.ShareInstanceStatus;

namespace SimManila.StateMachines;

public static class ShareLifecycle
{
    public const string Resource = "share";

    /// <summary>Statuses preferred in this order before any other (models: Share.instance).</summary>
    private static readonly ShareInstanceStatus[] Preferred = [Reverting, ReplicationChange, Migrating, ServerMigrating, Available, Error];

    /// <summary>
    /// The share's status has no column of its own: it is the share-instance machine seen through the selected
    /// instance, so the share's lifecycle is the share-instance lifecycle.
    /// </summary>
    public static LifecycleDefinition Define(MachineVariant variant)
    {
        var m = new MachineBuilder(Resource, "Share status", variant,
            "A share has no status column: `Share.status` is proxied from one selected instance (the rule below), and "
            + "`db.share_update()` with a status writes that instance only. Its lifecycle is therefore the share-instance "
            + "lifecycle (share_instance.md), repeated here as the user sees it.\n\n"
            + "**Selection rule** (`models: Share.instance`, `ShareLifecycle.SelectInstance`): order the live instances by "
            + "`reverting` > `replication_change` > `migrating` > `server_migrating` > `available` > `error` > other "
            + "non-transitional statuses (first seen first) > `TRANSITIONAL_STATUSES` in Manila's order; unless the first is "
            + "`replication_change`, prefer instances whose `replica_state` is `active`; the first one wins.");
        ShareInstanceLifecycle.Declare(m);
        return m.Build();
    }

    /// <summary>
    /// The instance whose status, host and server the share shows (models: Share.instance): order instances by
    /// reverting, replication_change, migrating, server_migrating, available, error, then other non-transitional
    /// statuses (first seen first), then TRANSITIONAL_STATUSES in Manila's order; unless the first is
    /// replication_change, prefer instances whose replica_state is active. Null when there are no live instances.
    /// </summary>
    public static ShareInstance? SelectInstance(IReadOnlyList<ShareInstance> instances)
    {
        var live = instances.Where(i => !i.Deleted).ToList();
        if (live.Count == 0) return null;
        var order = new List<ShareInstanceStatus>(Preferred);
        foreach (var instance in live)
            if (!order.Contains(instance.Status) && !instance.Status.IsInTransitionalStatuses) order.Add(instance.Status);
        order.AddRange(TransitionalStatuses);
        // OrderBy is stable, as Python's sorted is.
        var sorted = live.OrderBy(i => order.IndexOf(i.Status)).ToList();
        if (sorted[0].Status == ReplicationChange) return sorted[0];
        return sorted.FirstOrDefault(i => i.ReplicaState == ReplicaState.Active) ?? sorted[0];
    }

    /// <summary>The share's status: the selected instance's status, or null without live instances.</summary>
    public static ShareInstanceStatus? Status(IReadOnlyList<ShareInstance> instances) => SelectInstance(instances)?.Status;
}
