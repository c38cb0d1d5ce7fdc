// Accounting: once quiet, each project's quota usage equals what it really has, and nothing stays reserved.
using SimManila.Model;
using SimManila.Services.Quota;

namespace SimManila.Scenarios.Invariants;

public sealed class QuotaMatchesLiveResources : Invariant
{
    public override string Name => "quota-matches-live-resources";
    public override string Meaning => "quota usage equals the live shares, gigabytes, snapshots and snapshot gigabytes; nothing reserved";
    public override string Inspects => "quota_usages rows against live share and snapshot rows, per project";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;

    public override string? Check(InvariantContext context)
    {
        var store = context.Store;
        var usages = store.All<QuotaUsage>();
        foreach (var project in usages.Select(u => u.ProjectId).Distinct())
        {
            var shares = store.Where<Share>(s => s.ProjectId == project);
            var snapshots = store.Where<Snapshot>(s => s.ProjectId == project);
            var actual = new Dictionary<string, int>
            {
                [QuotaResources.Shares] = shares.Count,
                [QuotaResources.Gigabytes] = shares.Sum(s => s.Size),
                [QuotaResources.Snapshots] = snapshots.Count,
                [QuotaResources.SnapshotGigabytes] = snapshots.Sum(s => s.Size),
            };
            foreach (var usage in usages.Where(u => u.ProjectId == project))
            {
                if (usage.Reserved != 0) return $"project {project}: {usage.Resource} still has {usage.Reserved} reserved once quiet";
                if (actual.TryGetValue(usage.Resource, out int live) && live != usage.InUse)
                    return $"project {project}: {usage.Resource} usage is {usage.InUse} but the live resources add up to {live}";
            }
        }
        return null;
    }
}
