// Once quiet, a share with replicas has exactly one active replica: none is data loss (no replica takes writes; LP
// 2015328's untenable state), two is single-active-replica's. A promotion is allowed no active replica in between.
using SimManila.Model;

namespace SimManila.Scenarios.Invariants;

public sealed class ActiveReplicaAtQuiet : Invariant
{
    public override string Name => "an-active-replica-at-quiet";
    public override string Meaning => "once quiet, every share with live replicas has exactly one active replica";
    public override string Inspects => "replica_state of the live share instances of each share";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;

    public override string? Check(InvariantContext context)
    {
        if (!context.Replicated) return null;
        foreach (var share in context.Store.Where<ShareInstance>(i => i.ReplicaState != null).GroupBy(i => i.ShareId))
        {
            int actives = share.Count(i => i.ReplicaState == ReplicaState.Active);
            if (actives != 1)
                return $"share {share.Key} has {actives} active replicas among {string.Join(", ", share.Select(i => $"{i.Id} ({i.Status}, {i.ReplicaState})"))} once quiet";
        }
        return null;
    }
}
