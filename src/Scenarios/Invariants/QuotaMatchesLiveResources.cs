// Accounting: once quiet, each project's quota usage equals what it really has, and nothing stays reserved.
using SimManila.Model;
using SimManila.Services.Quota;

namespace SimManila.Scenarios.Invariants;

public sealed class QuotaMatchesLiveResources : Invariant
{
    public override string Name => "quota-matches-live-resources";
    public override string Meaning => "quota usage equals the live shares, gigabytes, snapshots, snapshot gigabytes, share replicas and replica gigabytes; nothing reserved";
    public override string Inspects => "quota_usages rows against live share, share instance and snapshot rows, per project";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;

    public override string? Check(InvariantContext context)
    {
        var store = context.Store;
        var usages = store.All<QuotaUsage>();
        foreach (var project in usages.Select(u => u.ProjectId).Distinct())
        {
            var shares = store.Where<Share>(s => s.ProjectId == project);
            var snapshots = store.Where<Snapshot>(s => s.ProjectId == project);
            // Every live instance of a replicated share is a replica, charged the share's size.
            var replicated = shares.Where(s => s.ReplicationType is not null).ToDictionary(s => s.Id, s => s.Size, StringComparer.Ordinal);
            var replicas = replicated.Count == 0 ? [] : store.All<ShareInstance>().Where(i => replicated.ContainsKey(i.ShareId)).ToList();
            var actual = new Dictionary<string, int>
            {
                [QuotaResources.Shares] = shares.Count,
                [QuotaResources.Gigabytes] = shares.Sum(s => s.Size),
                [QuotaResources.Snapshots] = snapshots.Count,
                [QuotaResources.SnapshotGigabytes] = snapshots.Sum(s => s.Size),
                [QuotaResources.ShareReplicas] = replicas.Count,
                [QuotaResources.ReplicaGigabytes] = replicas.Sum(i => replicated[i.ShareId]),
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
