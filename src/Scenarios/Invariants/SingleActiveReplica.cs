// Exclusivity: a share never shows two active replicas, at any step (LP 1664201's untenable state).
using SimManila.Model;

namespace SimManila.Scenarios.Invariants;

public sealed class SingleActiveReplica : Invariant
{
    public override string Name => "single-active-replica";
    public override string Meaning => "at most one replica of a share is active at any step";
    public override string Inspects => "replica_state of live share instances, whenever the database was written";
    public override InvariantTiming Timing => InvariantTiming.EveryStep;

    public override string? Check(InvariantContext context)
    {
        var d = context.Deployment;
        if (!context.Replicated || d.Db.Version == context.ActiveReplicasCheckedAt) return null;
        context.ActiveReplicasCheckedAt = d.Db.Version;
        var actives = context.Store.Where<ShareInstance>(i => i.ReplicaState == ReplicaState.Active);
        foreach (var share in actives.GroupBy(i => i.ShareId))
            if (share.Count() > 1)
                return $"share {share.Key} has {share.Count()} active replicas: {string.Join(", ", share.Select(i => i.Id))}";
        return null;
    }
}
