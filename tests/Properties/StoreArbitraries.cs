// Generators for the store properties, as an FsCheck Arbitrary class: rows drawn from small value sets (so every
// predicate hits some and misses others), racing test-and-set contenders, and soft-delete contender counts.
using FsCheck;
using FsCheck.Fluent;
using SimManila.Model;

namespace SimManila.Properties.Tests;

public sealed record StoredRow(string? Host, string Share, ShareInstanceStatus Status, bool CastReadonly, bool Deleted);

public sealed record StoredRows(IReadOnlyList<StoredRow> Rows)
{
    public override string ToString() => $"[{string.Join("; ", Rows)}]";
}

/// <summary>Contenders that all expect `available` and each move the row to its own target, in this order.</summary>
public sealed record RacingTargets(IReadOnlyList<ShareInstanceStatus> Targets)
{
    public const int Min = 2, Max = 8;

    public override string ToString() => $"[{string.Join(", ", Targets)}]";
}

public sealed record SoftDeleteContenders(int Count)
{
    public const int Max = 6;
}

public static class StoreArbitraries
{
    public static Arbitrary<StoredRows> Rows() => Arb.From(
        Gen.ListOf(
                from host in Gen.Elements("h1", "h2", null)
                from share in Gen.Elements("s1", "s2")
                from status in Gen.Elements(ShareInstanceStatus.Available, ShareInstanceStatus.Error, ShareInstanceStatus.Deleting)
                from castReadonly in Gen.Elements(true, false)
                from deleted in Gen.Elements(false, false, true)
                select new StoredRow(host, share, status, castReadonly, deleted))
            .Select(rows => new StoredRows(rows.ToList())),
        rows => WithoutOne(rows.Rows, 0).Select(r => new StoredRows(r)));

    public static Arbitrary<RacingTargets> Racing() => Arb.From(
        from count in Gen.Choose(RacingTargets.Min, RacingTargets.Max)
        from targets in Gen.ArrayOf(Gen.Elements(ShareInstanceStatus.All.Where(s => s != ShareInstanceStatus.Available).ToArray()), count)
        select new RacingTargets(targets),
        racing => WithoutOne(racing.Targets, RacingTargets.Min).Select(t => new RacingTargets(t)));

    public static Arbitrary<SoftDeleteContenders> SoftDeletes() => Arb.From(
        Gen.Choose(1, SoftDeleteContenders.Max).Select(n => new SoftDeleteContenders(n)),
        contenders => Enumerable.Range(1, contenders.Count - 1).Select(n => new SoftDeleteContenders(n)));

    /// <summary>Each list one element shorter, while it keeps at least <paramref name="min"/> elements.</summary>
    private static IEnumerable<IReadOnlyList<T>> WithoutOne<T>(IReadOnlyList<T> list, int min) =>
        list.Count <= min ? [] : Enumerable.Range(0, list.Count).Select(i => (IReadOnlyList<T>)list.Where((_, j) => j != i).ToList());
}
