// A deny the API accepted takes effect: once quiet, the rule is gone, or visibly in error; never silently active.
using SimManila.Model;

namespace SimManila.Scenarios.Invariants;

public sealed class DeniedRulesAreGone : Invariant
{
    public override string Name => "denied-rules-are-gone";
    public override string Meaning => "a client whose access was denied (202) keeps no access once the system is quiet";
    public override string Inspects => "accepted deny requests against live access mappings and backend rules";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;

    public override string? Check(InvariantContext context)
    {
        foreach (var (shareId, accessId) in context.AcceptedDenies)
        {
            foreach (var mapping in context.Store.Where<AccessRuleMapping>(m => m.AccessId == accessId))
                if (mapping.Status != AccessMappingState.Error)
                    return $"access rule {accessId} of share {shareId} was denied (202) but its mapping on {mapping.ShareInstanceId} is still {mapping.Status}";
            foreach (var (host, backend) in context.Deployment.Backends)
                foreach (var (instanceId, share) in backend.Shares)
                    // A share an admin force-deleted although the backend kept it is left to the operator, rules and all.
                    if (share.AppliedRules.ContainsKey(accessId) && !context.Deployment.ForceDeleteLeftovers.Contains(instanceId)
                        && !context.Store.Where<AccessRuleMapping>(m => m.AccessId == accessId && m.ShareInstanceId == instanceId && m.Status == AccessMappingState.Error).Any())
                        return $"access rule {accessId} of share {shareId} was denied (202) but {host} still applies it on {instanceId}";
        }
        return null;
    }
}
