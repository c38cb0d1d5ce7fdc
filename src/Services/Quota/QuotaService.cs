// Per-project quotas the way Manila keeps them: reserve (checked against the limit), then commit or roll back; usage
// released on delete inside the transaction that deletes the row, so only the winner of a delete race releases.
using SimManila.Model;
using SimManila.Services.Storage;
using SimManila.Simulation;

namespace SimManila.Services.Quota;

public static class QuotaResources
{
    public const string Shares = "shares";
    public const string Gigabytes = "gigabytes";
    public const string Snapshots = "snapshots";
    public const string SnapshotGigabytes = "snapshot_gigabytes";
}

public sealed class OverQuotaException(string resource, int requested, int inUse, int reserved, int limit)
    : Exception($"quota exceeded for {resource}: requested {requested}, in use {inUse}, reserved {reserved}, limit {limit}")
{
    public string Resource { get; } = resource;
}

public sealed class QuotaService(Simulator sim, Db db, QuotaLimits limits, IdGenerator ids)
{
    static string UsageId(string projectId, string resource) => $"quota-{projectId}-{resource}";

    public int Limit(string resource) => resource switch
    {
        QuotaResources.Shares => limits.Shares,
        QuotaResources.Gigabytes => limits.Gigabytes,
        QuotaResources.Snapshots => limits.Snapshots,
        QuotaResources.SnapshotGigabytes => limits.SnapshotGigabytes,
        _ => throw new ArgumentException($"unknown quota resource '{resource}'"),
    };

    /// <summary>Reserves the deltas in one transaction; throws OverQuotaException and reserves nothing when any
    /// positive delta would pass its limit. Returns the reservation ids to commit or roll back.</summary>
    public Task<IReadOnlyList<string>> Reserve(string projectId, params (string Resource, int Delta)[] deltas) =>
        db.Transaction("quota:" + projectId, store =>
        {
            foreach (var (resource, delta) in deltas)
            {
                if (delta <= 0) continue;
                var usage = Usage(store, projectId, resource);
                if (usage.InUse + usage.Reserved + delta > Limit(resource))
                    throw new OverQuotaException(resource, delta, usage.InUse, usage.Reserved, Limit(resource));
            }
            var reservations = new List<string>(deltas.Length);
            foreach (var (resource, delta) in deltas)
            {
                var usageId = Usage(store, projectId, resource).Id;
                if (delta > 0) store.Update<QuotaUsage>(usageId, u => u.Reserved += delta);
                var id = ids.Next("reservation");
                store.Insert(new QuotaReservation
                {
                    Id = id, UsageId = usageId, ProjectId = projectId, Resource = resource, Delta = delta,
                    CreatedAt = sim.UtcNow, ExpiresAt = sim.UtcNow.AddDays(1),
                });
                reservations.Add(id);
            }
            return (IReadOnlyList<string>)reservations;
        });

    public Task Commit(string projectId, IReadOnlyList<string> reservations) =>
        db.Transaction("quota:" + projectId, store => Finish(store, reservations, commit: true));

    public Task Rollback(string projectId, IReadOnlyList<string> reservations) =>
        db.Transaction("quota:" + projectId, store => Finish(store, reservations, commit: false));

    /// <summary>Inside a caller's transaction: usage moves by <paramref name="delta"/> at once (deletes).</summary>
    public void ApplyInTransaction(ManilaStore store, string projectId, string resource, int delta)
    {
        var usage = Usage(store, projectId, resource);
        store.Update<QuotaUsage>(usage.Id, u => u.InUse += delta);
    }

    public int InUse(string projectId, string resource) => Usage(db.Store, projectId, resource).InUse;

    void Finish(ManilaStore store, IReadOnlyList<string> reservations, bool commit)
    {
        foreach (var id in reservations)
        {
            var reservation = store.Find<QuotaReservation>(id);
            if (reservation is null) continue; // already committed or rolled back
            store.Update<QuotaUsage>(reservation.UsageId, u =>
            {
                if (reservation.Delta > 0) u.Reserved -= reservation.Delta;
                if (commit) u.InUse += reservation.Delta;
            });
            store.SoftDelete<QuotaReservation>(id, sim.UtcNow);
        }
    }

    QuotaUsage Usage(ManilaStore store, string projectId, string resource)
    {
        var id = UsageId(projectId, resource);
        var usage = store.Find<QuotaUsage>(id);
        if (usage is not null) return usage;
        usage = new QuotaUsage { Id = id, ProjectId = projectId, Resource = resource, CreatedAt = sim.UtcNow };
        store.Insert(usage);
        return usage;
    }
}
