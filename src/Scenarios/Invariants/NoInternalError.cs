// A request that raises instead of answering (Manila's 500), or a manager that crashes on a message, is a race the
// code did not expect. Backend errors a manager turns into an error status are expected and not counted.
namespace SimManila.Scenarios.Invariants;

public sealed class NoInternalError : Invariant
{
    public override string Name => "no-internal-error";
    public override string Meaning => "no API request fails with an internal error and no manager crashes on a message";
    public override string Inspects => "exceptions that escaped API requests and RPC handlers";
    public override InvariantTiming Timing => InvariantTiming.EveryStep;

    public override string? Check(InvariantContext context)
    {
        if (context.InternalErrors.Count > 0) return "API request failed: " + context.InternalErrors[0];
        foreach (var failure in context.Deployment.Rpc.HandlerFailures)
            if (!failure.IsBackendError) return "manager crashed: " + failure;
        return null;
    }
}
