// Share instance `access_rules_status` (fact sheet §3).
namespace SimManila.Model;

public sealed record AccessRulesStatus : ManilaStatus<AccessRulesStatus>
{
    private AccessRulesStatus(string value) : base(value) { }

    public static readonly AccessRulesStatus Active = Define(new("active"));
    public static readonly AccessRulesStatus Syncing = Define(new("syncing"));
    public static readonly AccessRulesStatus Error = Define(new("error"));
}
