// Guarded's replica-poll mark: while a poll (state or snapshot) asks the driver about a replica, the replica shows
// `replica_updating`, so a delete, a promote or sibling work is refused instead of waiting on the replica lock.
// The two polls of this host may overlap on one replica; they share one mark and the last one out clears it.
using SimManila.Model;
using SimManila.StateMachines;

namespace SimManila.Services.Manager;

/// <summary>One replica's poll mark: who polls it, and where its status goes back to. Guarded writes it with the mark
/// (a column beside the status in a real schema), so a restarted manager can end the marks its predecessor left.</summary>
public sealed class ReplicaPoll(ShareInstanceStatus startedFrom)
{
    public int Pollers = 1;
    /// <summary>Manila's polls leave a replica's status alone unless the driver fails, so the mark goes back here.</summary>
    public ShareInstanceStatus StartedFrom { get; } = startedFrom;
    public bool DriverFailed;
}

public sealed partial class ShareManager
{
    // Replica id -> the mark this host holds. Read and written only under the share's replica lock.
    readonly Dictionary<string, ReplicaPoll> replicaPolls = d.ReplicaPollMarksOf(driver.Host);

    /// <summary>
    /// Marks the replica, or joins this host's running poll of it; false means skip it this time. The state poll
    /// (<paramref name="statePoll"/>) skips error_deleting replicas (ca90c87c4), the snapshot poll does not.
    /// </summary>
    async Task<bool> BeginReplicaPoll(ShareInstance replica, IReadOnlyList<ShareInstance> replicasOfShare, bool statePoll)
    {
        if (replicaPolls.TryGetValue(replica.Id, out var running))
        {
            if (statePoll && running.StartedFrom == ShareInstanceStatus.ErrorDeleting) return false;
            running.Pollers++;
            return true;
        }
        var machine = d.Machines.ShareInstance;
        // A sibling being created, deleted or promoted is work the replica lock used to serialise. A sibling being
        // polled is not: polls only read the backend and write their own replica, and two polls of one share that
        // refused each other would starve whichever tick comes second.
        if (replicasOfShare.Any(r => r.Id != replica.Id && r.Status != ShareInstanceStatus.ReplicaUpdating
                && machine.KindOf(r.Status) == StateKind.Transitional)) return false;
        if (!machine.CanFire(replica.Status, "periodic.replica_update.begin")) return false;
        if (statePoll && replica.Status == ShareInstanceStatus.ErrorDeleting) return false;
        var startedFrom = replica.Status;
        if (!await d.Transitions.Take(machine, replica, "periodic.replica_update.begin")) return false;
        replicaPolls[replica.Id] = new ReplicaPoll(startedFrom);
        return true;
    }

    /// <summary>Leaves the poll; the last one out clears the mark, back to where it started (error if the driver failed).</summary>
    async Task EndReplicaPoll(string replicaId, bool failed)
    {
        var poll = replicaPolls[replicaId];
        poll.DriverFailed |= failed;
        if (--poll.Pollers > 0) return;
        var current = await d.Db.Get<ShareInstance>(replicaId);
        if (current is null || current.Status != ShareInstanceStatus.ReplicaUpdating)
        {
            replicaPolls.Remove(replicaId); // the replica went meanwhile
            return;
        }
        var trigger = poll.DriverFailed || poll.StartedFrom == ShareInstanceStatus.Error ? "periodic.replica_update.error"
            : ReplicaWorkTransitions.PollReturnsTo.Contains(poll.StartedFrom) ? ReplicaWorkTransitions.PollEndTrigger(poll.StartedFrom)
            : "periodic.replica_update.end";
        // The mark's record goes with the mark, in one write: a manager that dies before it leaves both for its restart.
        await d.Transitions.Take(d.Machines.ShareInstance, current, trigger, alsoInTransaction: _ => replicaPolls.Remove(replicaId));
    }
}
