// Exclusivity: a resource is deleted on its backend once; a second delete means two requests both passed the guard.
namespace SimManila.Scenarios.Invariants;

public sealed class OneDeleteReachesDriver : Invariant
{
    static readonly HashSet<string> DeleteMethods = ["delete_share", "delete_snapshot", "teardown_server", "delete_replica"];

    public override string Name => "one-delete-reaches-driver";
    public override string Meaning => "each share, snapshot, replica or server is deleted on its backend at most once";
    public override string Inspects => "the backend call records of every fake driver";
    public override InvariantTiming Timing => InvariantTiming.EveryStep;

    public override string? Check(InvariantContext context)
    {
        foreach (var (host, backend) in context.Deployment.Backends)
        {
            context.BackendCallsSeen.TryGetValue(host + "#delete", out int seen);
            for (int i = seen; i < backend.Calls.Count; i++)
            {
                var call = backend.Calls[i];
                if (!DeleteMethods.Contains(call.Method)) continue;
                for (int j = 0; j < i; j++)
                {
                    var earlier = backend.Calls[j];
                    if (earlier.Method == call.Method && earlier.ResourceId == call.ResourceId)
                        return $"{call.Method}({call.ResourceId}) reached {host}'s driver twice: at {earlier.At} and at {call.At}";
                }
            }
            context.BackendCallsSeen[host + "#delete"] = backend.Calls.Count;
        }
        return null;
    }
}
