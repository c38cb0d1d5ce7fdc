// Lifecycle legality: every status change is a transition the resource's state machine declares.
namespace SimManila.Scenarios.Invariants;

public sealed class LifecycleLegality : Invariant
{
    public override string Name => "lifecycle-legality";
    public override string Meaning => "every status change is a declared transition of the resource's lifecycle";
    public override string Inspects => "status writes as the policy seam saw them (current row status versus written status)";
    public override InvariantTiming Timing => InvariantTiming.EveryStep;

    public override string? Check(InvariantContext context)
    {
        var violations = context.Deployment.Transitions.Violations;
        return violations.Count == 0 ? null : violations[0].ToString();
    }
}
