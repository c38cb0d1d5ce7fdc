// Exclusivity: a resource is deleted on its backend once; a second delete means two requests both passed the guard.
// A delete that raised before it changed anything (an injected fault, a backend refusal) had no effect, so Manila's own
// retry of it (error_deleting, deferred deletion, the next cleanup round) is not a second delete.
namespace SimManila.Scenarios.Invariants;

public sealed class OneDeleteReachesDriver : Invariant
{
    static readonly HashSet<string> DeleteMethods = ["delete_share", "delete_snapshot", "teardown_server", "delete_replica"];

    public override string Name => "one-delete-reaches-driver";
    public override string Meaning => "each share, snapshot, replica or server is deleted on its backend at most once (a delete that raised before any effect, and so may be retried, does not count)";
    public override string Inspects => "the backend call records of every fake driver";
    public override InvariantTiming Timing => InvariantTiming.EveryStep;

    public override string? Check(InvariantContext context)
    {
        foreach (var (host, calls, index) in context.NewBackendCalls(Name))
        {
            var call = calls[index];
            if (call.NoEffect || !DeleteMethods.Contains(call.Method)) continue;
            for (int j = 0; j < index; j++)
                if (!calls[j].NoEffect && calls[j].Method == call.Method && calls[j].ResourceId == call.ResourceId)
                    return $"{call.Method}({call.ResourceId}) reached {host}'s driver twice: " + (calls[j].At == call.At
                        ? $"both at {call.At} (virtual time)"
                        : $"at {calls[j].At} and at {call.At}");
        }
        return null;
    }
}
