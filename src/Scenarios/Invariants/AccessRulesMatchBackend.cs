// The rules applied on a backend are exactly the rules whose mapping the database says is active, so nobody keeps or
// lacks access behind the database's back. IPv6 rules a backend cannot apply are left out, as the manager does. A
// mapping in `error` (the driver failed to apply or remove it) may or may not be on the backend: the database says it
// is unknown and shows it to the admin, as denied-rules-are-gone also accepts.
using SimManila.Model;
using SimManila.Services.Api;

namespace SimManila.Scenarios.Invariants;

public sealed class AccessRulesMatchBackend : Invariant
{
    public override string Name => "access-rules-match-backend";
    public override string Meaning => "rules applied on each backend share equal the rules whose mapping is active";
    public override string Inspects => "active access mappings of each live available instance against the backend's applied rules";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;

    public override string? Check(InvariantContext context)
    {
        var d = context.Deployment;
        var store = context.Store;
        foreach (var instance in store.All<ShareInstance>())
        {
            if (instance.Host is null || !d.Backends[instance.Host].Shares.TryGetValue(instance.Id, out var onBackend)) continue;
            var share = store.Find<Share>(instance.ShareId);
            bool ipv6 = d.Manager(instance.Host).Driver.Capabilities.Ipv6Support || share?.ShareProto != "NFS";
            var expected = new SortedSet<string>(StringComparer.Ordinal);
            var unknown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var mapping in store.Where<AccessRuleMapping>(m => m.ShareInstanceId == instance.Id))
            {
                if (mapping.Status == AccessMappingState.Error) unknown.Add(mapping.AccessId);
                if (mapping.Status != AccessMappingState.Active) continue;
                var rule = store.Find<AccessRule>(mapping.AccessId);
                if (rule is null || (!ipv6 && AccessValidation.IsIpv6(rule.AccessType, rule.AccessTo))) continue;
                expected.Add(rule.Id);
            }
            var applied = new SortedSet<string>(onBackend.AppliedRules.Keys.Where(id => !unknown.Contains(id)), StringComparer.Ordinal);
            if (!expected.SetEquals(applied))
                return $"share instance {instance.Id} on {instance.Host}: backend applies [{string.Join(", ", applied)}] but the database has active [{string.Join(", ", expected)}]";
        }
        return null;
    }
}
