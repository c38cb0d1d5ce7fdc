// Exclusivity: the backend is never asked to act on a share or snapshot the database already says is gone.
using SimManila.Model;

namespace SimManila.Scenarios.Invariants;

public sealed class NoDriverCallOnDeletedResource : Invariant
{
    public override string Name => "no-driver-call-on-deleted-resource";
    public override string Meaning => "no driver call targets a share or snapshot instance whose row is already deleted";
    public override string Inspects => "each new backend call against the database row of its resource";
    public override InvariantTiming Timing => InvariantTiming.EveryStep;

    public override string? Check(InvariantContext context)
    {
        foreach (var (host, calls, index) in context.NewBackendCalls(Name))
        {
            var call = calls[index];
            bool deleted = call.ResourceId.StartsWith("snapinstance-", StringComparison.Ordinal)
                ? context.Store.FindIncludingDeleted<SnapshotInstance>(call.ResourceId)?.Deleted == true
                : context.Store.FindIncludingDeleted<ShareInstance>(call.ResourceId)?.Deleted == true;
            if (deleted) return $"{call.Method}({call.ResourceId}) reached {host}'s driver at {call.At} after its row was deleted";
        }
        return null;
    }
}
