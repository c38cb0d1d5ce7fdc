// POS, partial-order sampling (Yuan et al.): random priority per pending step, re-drawn for steps that conflict.
namespace SimManila.Simulation;

/// <summary>
/// Every pending step gets a random priority when it becomes enabled; the highest runs. After a step on resource r
/// runs, pending steps on r whose pair with it includes a write, acquire or send get fresh priorities.
/// </summary>
internal sealed class PosStrategy : RandomizedStrategy
{
    public override string Name => "pos";

    public override void OnEnabled(SimOperation op) => Draw(op, Random);

    public override int PickNext(Simulator sim, SimOperation[] ready, int count)
    {
        int best = 0;
        long bestPriority = ready[0].StepPriority;
        for (int i = 1; i < count; i++)
        {
            if (ready[i].StepPriority > bestPriority) { best = i; bestPriority = ready[i].StepPriority; }
        }
        return best;
    }

    public override void OnStepped(SimOperation op, PointKind kind, string? resource, SimOperation[] ready, int count) =>
        RedrawConflicting(op, kind, resource, ready, count, Random);

    /// <summary>A fresh priority for a newly enabled step (also used by the learning strategy's POS base).</summary>
    internal static void Draw(SimOperation op, SimRandom random) => op.StepPriority = (long)(random.NextUInt64() >> 1);

    /// <summary>After a step on a resource ran: fresh priorities for the pending steps it conflicts with.</summary>
    internal static void RedrawConflicting(SimOperation op, PointKind kind, string? resource, SimOperation[] ready, int count, SimRandom random)
    {
        if (resource is null) return;
        bool ranMutating = IsMutating(kind);
        for (int i = 0; i < count; i++)
        {
            var other = ready[i];
            if (other == op || other.PendingResource is null) continue;
            if (!(ranMutating || IsMutating(other.PendingKind))) continue;
            if (ReferenceEquals(other.PendingResource, resource) || string.Equals(other.PendingResource, resource, StringComparison.Ordinal))
                Draw(other, random);
        }
    }

    static bool IsMutating(PointKind kind) => kind is PointKind.Write or PointKind.Acquire or PointKind.Send or PointKind.Release;
}
