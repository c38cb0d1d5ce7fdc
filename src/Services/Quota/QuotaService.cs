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
    /// <summary>Every instance of a replicated share, the first (active) one included (api.py: create).</summary>
    public const string ShareReplicas = "share_replicas";
    /// <summary>The share's size once per replica.</summary>
    public const string ReplicaGigabytes = "replica_gigabytes";
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
        QuotaResources.ShareReplicas => limits.ShareReplicas,
        QuotaResources.ReplicaGigabytes => limits.ReplicaGigabytes,
        _ => throw new ArgumentException($"unknown quota resource '{resource}'"),
    };

    // Reservations pending commit or roll-back, by id. Manila's `reservations` rows are bookkeeping that only their
    // reserver reads, so they are held here as values; the usages they move stay rows in the database.
    readonly Dictionary<string, (string UsageId, int Delta)> pending = new(StringComparer.Ordinal);

    /// <summary>Reserves the deltas in one transaction; throws OverQuotaException and reserves nothing when any
    /// positive delta would pass its limit. Returns the reservation ids to commit or roll back.</summary>
    public Task<IReadOnlyList<string>> Reserve(string projectId, params (string Resource, int Delta)[] deltas) =>
        db.Transaction("quota:" + projectId, store =>
        {
            // One atomic step: each usage is read (created when missing), checked and moved; a check that fails
            // throws before anything is saved.
            var rows = new (string, Func<QuotaUsage>, Action<QuotaUsage>)[deltas.Length];
            for (int i = 0; i < deltas.Length; i++)
            {
                var (resource, delta) = deltas[i];
                int limit = Limit(resource);
                rows[i] = (UsageId(projectId, resource), () => NewUsage(projectId, resource), u =>
                {
                    if (delta <= 0) return;
                    if (u.InUse + u.Reserved + delta > limit)
                        throw new OverQuotaException(resource, delta, u.InUse, u.Reserved, limit);
                    u.Reserved += delta;
                });
            }
            store.Upsert<QuotaUsage>(rows);
            var reservations = new List<string>(deltas.Length);
            for (int i = 0; i < deltas.Length; i++)
            {
                var id = ids.Next("reservation");
                pending.Add(id, (UsageId(projectId, deltas[i].Resource), deltas[i].Delta));
                reservations.Add(id);
            }
            return (IReadOnlyList<string>)reservations;
        });

    public Task Commit(string projectId, IReadOnlyList<string> reservations) =>
        db.Transaction("quota:" + projectId, store => Finish(store, reservations, commit: true));

    /// <summary>Commits inside a caller's transaction (Guarded: with the status write that finishes the work, so a
    /// handler that dies between the two and runs again commits once).</summary>
    public void CommitInTransaction(ManilaStore store, IReadOnlyList<string> reservations) => Finish(store, reservations, commit: true);

    public Task Rollback(string projectId, IReadOnlyList<string> reservations) =>
        db.Transaction("quota:" + projectId, store => Finish(store, reservations, commit: false));

    /// <summary>Inside a caller's transaction: usage moves by <paramref name="delta"/> at once (deletes).</summary>
    public void ApplyInTransaction(ManilaStore store, string projectId, string resource, int delta) =>
        ApplyInTransaction(store, projectId, (resource, delta));

    /// <summary>As above for several resources at once: one write for all of them.</summary>
    public void ApplyInTransaction(ManilaStore store, string projectId, params (string Resource, int Delta)[] deltas)
    {
        var rows = new (string, Func<QuotaUsage>, Action<QuotaUsage>)[deltas.Length];
        for (int i = 0; i < deltas.Length; i++)
        {
            var (resource, delta) = deltas[i];
            rows[i] = (UsageId(projectId, resource), () => NewUsage(projectId, resource), u => u.InUse += delta);
        }
        store.Upsert<QuotaUsage>(rows);
    }

    public int InUse(string projectId, string resource) => db.Store.Find<QuotaUsage>(UsageId(projectId, resource))?.InUse ?? 0;

    void Finish(ManilaStore store, IReadOnlyList<string> reservations, bool commit)
    {
        var rows = new List<(string, Func<QuotaUsage>, Action<QuotaUsage>)>(reservations.Count);
        foreach (var id in reservations)
        {
            if (!pending.Remove(id, out var reservation)) continue; // already committed or rolled back
            var (usageId, delta) = reservation;
            rows.Add((usageId, () => throw new EntityNotFoundException(typeof(QuotaUsage), usageId), u =>
            {
                if (delta > 0) u.Reserved -= delta;
                if (commit) u.InUse += delta;
            }));
        }
        if (rows.Count > 0) store.Upsert<QuotaUsage>(rows);
    }

    QuotaUsage NewUsage(string projectId, string resource) =>
        new() { Id = UsageId(projectId, resource), ProjectId = projectId, Resource = resource, CreatedAt = sim.UtcNow };
}
