// Guarded's replica-poll mark: while a poll (state or snapshot) asks the driver about a replica, the replica shows
// `replica_updating`, so a delete, a promote or sibling work is refused instead of waiting on the replica lock.
// The two polls of this host may overlap on one replica; they share one mark and the last one out clears it.
using SimManila.Model;
using SimManila.StateMachines;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    sealed class ReplicaPoll
    {
        public int Pollers;
        /// <summary>The replica was `error` before the poll: Manila leaves its status alone, so it goes back.</summary>
        public bool WasError;
        public bool DriverFailed;
    }

    // Replica id -> the mark this host holds. Read and written only under the share's replica lock.
    readonly Dictionary<string, ReplicaPoll> replicaPolls = new(StringComparer.Ordinal);

    /// <summary>Marks the replica, or joins this host's running poll of it; false means skip it this time.</summary>
    async Task<bool> BeginReplicaPoll(ShareInstance replica, IReadOnlyList<ShareInstance> replicasOfShare)
    {
        if (replicaPolls.TryGetValue(replica.Id, out var running))
        {
            running.Pollers++;
            return true;
        }
        var machine = d.Machines.ShareInstance;
        // A sibling being created, deleted, promoted or polled is work the replica lock used to serialise.
        if (replicasOfShare.Any(r => r.Id != replica.Id && machine.KindOf(r.Status) == StateKind.Transitional)) return false;
        if (!machine.CanFire(replica.Status, "periodic.replica_update.begin")) return false;
        bool wasError = replica.Status == ShareInstanceStatus.Error;
        if (!await d.Transitions.Take(machine, replica, "periodic.replica_update.begin")) return false;
        replicaPolls[replica.Id] = new ReplicaPoll { Pollers = 1, WasError = wasError };
        return true;
    }

    /// <summary>Leaves the poll; the last one out clears the mark (to error if the driver failed or it was error).</summary>
    async Task EndReplicaPoll(string replicaId, bool failed)
    {
        var poll = replicaPolls[replicaId];
        poll.DriverFailed |= failed;
        if (--poll.Pollers > 0) return;
        replicaPolls.Remove(replicaId);
        var current = await d.Db.Get<ShareInstance>(replicaId);
        if (current is null || current.Status != ShareInstanceStatus.ReplicaUpdating) return; // an admin reset it
        await d.Transitions.Take(d.Machines.ShareInstance, current,
            poll.WasError || poll.DriverFailed ? "periodic.replica_update.error" : "periodic.replica_update.end");
    }
}
