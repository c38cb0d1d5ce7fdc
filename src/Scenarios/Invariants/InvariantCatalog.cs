// Every invariant SimManila checks, in the order they are checked: specific evidence first, generic last, so a bug is
// reported under the invariant that explains it best.
namespace SimManila.Scenarios.Invariants;

public static class InvariantCatalog
{
    public static IReadOnlyList<Invariant> All { get; } =
    [
        new SingleActiveReplica(),
        new OneDeleteReachesDriver(),
        new NoDriverCallOnDeletedResource(),
        new NoDriverWorkOnDeletingResource(),
        new BackendChangedByItsHost(),
        new PeriodicTasksActOnTheirOwn(),
        new NoInternalError(),
        new LifecycleLegality(),
        new ReferentialIntegrity(),
        new ActiveReplicaAtQuiet(),
        new DatabaseMatchesBackend(),
        new AccessRulesMatchBackend(),
        new SecurityServicesMatchBackend(),
        new DeniedRulesAreGone(),
        new NoDuplicateAccessRules(),
        new QuotaMatchesLiveResources(),
        new NothingStuckAtQuiet(),
    ];

    public static IReadOnlyList<Invariant> EveryStep { get; } = All.Where(i => i.Timing == InvariantTiming.EveryStep).ToList();
    public static IReadOnlyList<Invariant> AtQuiet { get; } = All.Where(i => i.Timing == InvariantTiming.AtQuiet).ToList();

    public static Invariant? Find(string name) => All.FirstOrDefault(i => i.Name == name);

    /// <summary>The invariant a bug message names ("[name] ..."), or null for other bug kinds.</summary>
    public static string? NameIn(string bugMessage)
    {
        if (!bugMessage.StartsWith('[')) return null;
        int end = bugMessage.IndexOf(']');
        return end > 1 ? bugMessage[1..end] : null;
    }
}
