// A share never carries two live rules for the same client: the API's duplicate check must not be raced past.
using SimManila.Model;
using SimManila.Services.Api;

namespace SimManila.Scenarios.Invariants;

public sealed class NoDuplicateAccessRules : Invariant
{
    public override string Name => "no-duplicate-access-rules";
    public override string Meaning => "a share has at most one live rule per access type and normalised target";
    public override string Inspects => "live access rules of every share (IP rules compared as networks)";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;

    public override string? Check(InvariantContext context)
    {
        var seen = new Dictionary<(string, string, string), string>();
        foreach (var rule in context.Store.All<AccessRule>())
        {
            var key = (rule.ShareId, rule.AccessType, AccessValidation.Normalize(rule.AccessType, rule.AccessTo));
            if (seen.TryGetValue(key, out var first))
                return $"share {rule.ShareId} has two live rules for {rule.AccessType}:{rule.AccessTo}: {first} and {rule.Id}";
            seen[key] = rule.Id;
        }
        return null;
    }
}
