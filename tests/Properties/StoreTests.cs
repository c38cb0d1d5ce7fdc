// The store on both providers: round trips, the conditional update's single winner, TrySoftDelete, raw status strings.
using Microsoft.Data.Sqlite;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using SimManila.Model;

namespace SimManila.Properties.Tests;

public sealed class StoreTests
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.InMemory, DatabaseProvider.Sqlite };

    private static ShareInstance Instance(string id, ShareInstanceStatus status) => new()
    {
        Id = id, ShareId = "share-1", Status = status, Host = "host-a@b#p", CreatedAt = T0,
    };

    [Theory, MemberData(nameof(Providers))]
    public void Insert_find_update_soft_delete_round_trip(DatabaseProvider provider)
    {
        using var store = ManilaStore.Create(provider);
        store.Insert(new Share { Id = "share-1", ProjectId = "p1", Size = 1, CreatedAt = T0 });
        store.Insert(Instance("share-instance-1", ShareInstanceStatus.Creating));

        var read = store.Find<ShareInstance>("share-instance-1");
        Assert.NotNull(read);
        Assert.Equal(ShareInstanceStatus.Creating, read.Status);
        Assert.Null(read.ReplicaState);

        store.Update<ShareInstance>("share-instance-1", i =>
        {
            i.Status = ShareInstanceStatus.Available;
            i.ReplicaState = ReplicaState.Active;
            i.UpdatedAt = T0.AddSeconds(5);
        });
        // The earlier read is a detached copy: it goes stale like a Manila Python object.
        Assert.Equal(ShareInstanceStatus.Creating, read.Status);
        var fresh = store.Find<ShareInstance>("share-instance-1")!;
        Assert.Equal(ShareInstanceStatus.Available, fresh.Status);
        Assert.Equal(ReplicaState.Active, fresh.ReplicaState);
        Assert.Equal(T0.AddSeconds(5), fresh.UpdatedAt);

        Assert.Single(store.Where<ShareInstance>(i => i.Status == ShareInstanceStatus.Available));
        Assert.Empty(store.Where<ShareInstance>(i => i.Status == ShareInstanceStatus.Error));

        store.SoftDelete<ShareInstance>("share-instance-1", T0.AddMinutes(1), i => i.Status = ShareInstanceStatus.Deleted);
        Assert.Null(store.Find<ShareInstance>("share-instance-1"));
        var gone = store.FindIncludingDeleted<ShareInstance>("share-instance-1")!;
        Assert.True(gone.Deleted);
        Assert.Equal(T0.AddMinutes(1), gone.DeletedAt);
        Assert.Equal(ShareInstanceStatus.Deleted, gone.Status);
        Assert.Empty(store.Where<ShareInstance>(_ => true));
        Assert.Single(store.WhereIncludingDeleted<ShareInstance>(_ => true));
        Assert.Throws<EntityNotFoundException>(() => store.Update<ShareInstance>("share-instance-1", _ => { }));
        Assert.Throws<DuplicateEntityException>(() => store.Insert(Instance("share-instance-1", ShareInstanceStatus.Creating)));
    }

    [Theory, MemberData(nameof(Providers))]
    public void Conditional_update_checks_status_and_applies_side_changes(DatabaseProvider provider)
    {
        using var store = ManilaStore.Create(provider);
        store.Insert(Instance("si-1", ShareInstanceStatus.Available));

        Assert.False(store.TryUpdateStatus<ShareInstance, ShareInstanceStatus>(
            "si-1", [ShareInstanceStatus.Error], ShareInstanceStatus.Deleting));
        Assert.Equal(ShareInstanceStatus.Available, store.Find<ShareInstance>("si-1")!.Status);

        Assert.True(store.TryUpdateStatus<ShareInstance, ShareInstanceStatus>(
            "si-1", [ShareInstanceStatus.Available, ShareInstanceStatus.Error], ShareInstanceStatus.Deleting,
            i => i.UpdatedAt = T0.AddSeconds(1)));
        var row = store.Find<ShareInstance>("si-1")!;
        Assert.Equal(ShareInstanceStatus.Deleting, row.Status);
        Assert.Equal(T0.AddSeconds(1), row.UpdatedAt);

        // Other status columns of the same row are addressed by their type.
        Assert.True(store.TryUpdateStatus<ShareInstance, AccessRulesStatus>(
            "si-1", [AccessRulesStatus.Active], AccessRulesStatus.Syncing));
        Assert.Equal(AccessRulesStatus.Syncing, store.Find<ShareInstance>("si-1")!.AccessRulesStatus);

        Assert.False(store.TryUpdateStatus<ShareInstance, ShareInstanceStatus>(
            "missing", [ShareInstanceStatus.Available], ShareInstanceStatus.Deleting));
        store.SoftDelete<ShareInstance>("si-1", T0);
        Assert.False(store.TryUpdateStatus<ShareInstance, ShareInstanceStatus>(
            "si-1", [ShareInstanceStatus.Deleting], ShareInstanceStatus.Error));
    }

    [Theory, MemberData(nameof(Providers))]
    public void A_write_that_throws_leaves_every_row_as_it_was(DatabaseProvider provider)
    {
        using var store = ManilaStore.Create(provider);
        store.Insert(Instance("si-1", ShareInstanceStatus.Available));
        store.Insert(new QuotaUsage { Id = "u-1", ProjectId = "p1", Resource = "shares", InUse = 1 });

        // Upsert: the first row is changed, the second row is new, then the third change throws.
        Assert.Throws<InvalidOperationException>(() => store.Upsert<QuotaUsage>(
        [
            ("u-1", () => throw new InvalidOperationException("exists"), u => u.InUse += 5),
            ("u-2", () => new QuotaUsage { Id = "u-2", ProjectId = "p1", Resource = "gigabytes" }, u => u.InUse = 7),
            ("u-1", () => throw new InvalidOperationException("exists"), _ => throw new InvalidOperationException("over quota")),
        ]));
        Assert.Equal(1, store.Find<QuotaUsage>("u-1")!.InUse);
        Assert.Null(store.Find<QuotaUsage>("u-2"));
        Assert.Single(store.All<QuotaUsage>());

        Assert.Throws<InvalidOperationException>(() => store.Update<ShareInstance>("si-1", i =>
        {
            i.Size = 9;
            throw new InvalidOperationException("driver said no");
        }));
        Assert.Throws<InvalidOperationException>(() => store.TryUpdateStatus<ShareInstance, ShareInstanceStatus>(
            "si-1", [ShareInstanceStatus.Available], ShareInstanceStatus.Deleting, _ => throw new InvalidOperationException("side change failed")));
        Assert.Throws<InvalidOperationException>(() => store.TrySoftDelete<ShareInstance>(
            "si-1", T0, _ => throw new InvalidOperationException("side change failed")));

        // A later successful write on the same rows saves only its own change, not the abandoned ones.
        store.Update<ShareInstance>("si-1", i => i.Host = "host-b@b#p");
        store.Upsert<QuotaUsage>([("u-1", () => throw new InvalidOperationException("exists"), u => u.Reserved = 1)]);
        var instance = Assert.Single(store.Where<ShareInstance>(i => i.ShareId == "share-1"));
        Assert.Equal((0, ShareInstanceStatus.Available, false, "host-b@b#p"), (instance.Size, instance.Status, instance.Deleted, instance.Host));
        var usage = Assert.Single(store.Where<QuotaUsage>(u => u.ProjectId == "p1"));
        Assert.Equal((1, 1), (usage.InUse, usage.Reserved));
        store.Insert(new QuotaUsage { Id = "u-2", ProjectId = "p1", Resource = "gigabytes" });
    }

    [Theory, MemberData(nameof(Providers))]
    public void Callers_hold_copies_never_the_rows_themselves(DatabaseProvider provider)
    {
        using var store = ManilaStore.Create(provider);
        var inserted = Instance("si-1", ShareInstanceStatus.Creating);
        store.Insert(inserted);
        inserted.Status = ShareInstanceStatus.Error;
        var read = store.Find<ShareInstance>("si-1")!;
        read.Size = 42;
        store.Where<ShareInstance>(i => i.ShareId == "share-1")[0].Host = "elsewhere";

        var fresh = store.Find<ShareInstance>("si-1")!;
        Assert.Equal((ShareInstanceStatus.Creating, 0, "host-a@b#p"), (fresh.Status, fresh.Size, fresh.Host));
        // Changes made to copies are not saved by the next write either.
        store.Update<ShareInstance>("si-1", i => i.UpdatedAt = T0);
        fresh = store.Where<ShareInstance>(i => i.ShareId == "share-1")[0];
        Assert.Equal((ShareInstanceStatus.Creating, 0, "host-a@b#p"), (fresh.Status, fresh.Size, fresh.Host));

        Assert.Throws<DuplicateEntityException>(() => store.Insert(Instance("si-1", ShareInstanceStatus.Error)));
        Assert.Equal(ShareInstanceStatus.Creating, store.Find<ShareInstance>("si-1")!.Status);
    }

    [SeededProperty(MaxTest = 25, Arbitrary = [typeof(StoreArbitraries)])]
    public void Compiled_predicate_shapes_return_what_the_predicate_selects_on_both_providers(StoredRows rows)
    {
        foreach (var provider in new[] { DatabaseProvider.InMemory, DatabaseProvider.Sqlite })
        {
            using var store = ManilaStore.Create(provider);
            int n = 0;
            foreach (var row in rows.Rows)
            {
                var id = $"si-{n++:D3}";
                store.Insert(new ShareInstance
                {
                    Id = id, ShareId = row.Share, Status = row.Status, Host = row.Host, CastRulesToReadonly = row.CastReadonly, CreatedAt = T0,
                });
                if (row.Deleted) store.SoftDelete<ShareInstance>(id, T0);
            }
            var live = store.All<ShareInstance>();
            string wanted = "h1", share1 = "s1";
            foreach (var predicate in new Expression<Func<ShareInstance, bool>>[]
            {
                i => i.Host == wanted, i => wanted == i.Host, i => i.Host != wanted, i => i.Host != null,
                i => i.Host == null, i => i.Host == wanted && i.CastRulesToReadonly, i => !i.CastRulesToReadonly,
                i => i.ShareId == share1 && i.Status == ShareInstanceStatus.Error, i => i.Status != ShareInstanceStatus.Available,
                i => i.Host == "h2" && i.ShareId == share1 && !i.CastRulesToReadonly, _ => true,
            })
            {
                Assert.True(PredicateShapes<ShareInstance>.TryRun(provider, store.Context, predicate, out _), predicate.ToString());
                var expected = live.Where(predicate.Compile()).Select(i => i.Id).ToList();
                Assert.True(store.Where(predicate).Select(i => i.Id).SequenceEqual(expected), $"{provider}: {predicate}");
            }
        }
    }

    [Fact]
    public void Predicates_of_other_shapes_take_the_general_path_with_the_same_answer()
    {
        using var store = ManilaStore.Create();
        store.Insert(Instance("si-1", ShareInstanceStatus.Available));
        store.Update<ShareInstance>("si-1", i => i.Size = 5);
        int size = 3;
        Expression<Func<ShareInstance, bool>> bigger = i => i.Size > size;
        Assert.False(PredicateShapes<ShareInstance>.TryRun(DatabaseProvider.InMemory, store.Context, bigger, out _));
        Assert.Single(store.Where(bigger));
    }

    /// <summary>
    /// Each contender expects the initial status and moves the row somewhere outside the expected set, so after the
    /// first success every later contender must fail, whatever the order and however many there are.
    /// </summary>
    [SeededProperty(MaxTest = 60, Arbitrary = [typeof(StoreArbitraries)])]
    public void Conditional_update_has_exactly_one_winner_among_racing_contenders_on_both_providers(RacingTargets racing)
    {
        var initial = ShareInstanceStatus.Available;
        foreach (var provider in new[] { DatabaseProvider.InMemory, DatabaseProvider.Sqlite })
        {
            using var store = ManilaStore.Create(provider);
            store.Insert(Instance("si-1", initial));
            var winners = racing.Targets.Select(next => store.TryUpdateStatus<ShareInstance, ShareInstanceStatus>(
                "si-1", [initial], next)).ToList();
            Assert.Equal([true, .. Enumerable.Repeat(false, winners.Count - 1)], winners);
            Assert.Equal(racing.Targets[0], store.Find<ShareInstance>("si-1")!.Status);
        }
    }

    [SeededProperty(MaxTest = 20, Arbitrary = [typeof(StoreArbitraries)])]
    public void Try_soft_delete_wins_once_whatever_the_contender_count(SoftDeleteContenders contenders)
    {
        foreach (var provider in new[] { DatabaseProvider.InMemory, DatabaseProvider.Sqlite })
        {
            using var store = ManilaStore.Create(provider);
            store.Insert(Instance("si-1", ShareInstanceStatus.Deleting));
            var wins = Enumerable.Range(0, contenders.Count)
                .Count(i => store.TrySoftDelete<ShareInstance>("si-1", T0.AddSeconds(i)));
            Assert.Equal(1, wins);
            Assert.Equal(T0, store.FindIncludingDeleted<ShareInstance>("si-1")!.DeletedAt);
        }
    }

    [Fact]
    public void Typed_statuses_are_stored_as_manila_strings_in_the_sqlite_columns()
    {
        using var store = ManilaStore.Create(DatabaseProvider.Sqlite);
        foreach (var (status, i) in ShareInstanceStatus.All.Select((s, i) => (s, i)))
        {
            var id = "si-" + i;
            store.Insert(Instance(id, status));
            Assert.Equal(status.Value, RawColumn(store, "share_instances", "status", id));
            Assert.Equal(status, store.Find<ShareInstance>(id)!.Status);
        }
        store.Insert(new AccessRuleMapping { Id = "m-1", AccessId = "a-1", ShareInstanceId = "si-0" });
        Assert.Equal("queued_to_apply", RawColumn(store, "share_instance_access_map", "state", "m-1"));
        store.Update<ShareInstance>("si-0", i => i.ReplicaState = ReplicaState.OutOfSync);
        Assert.Equal("out_of_sync", RawColumn(store, "share_instances", "replica_state", "si-0"));
        Assert.Equal("active", RawColumn(store, "share_instances", "access_rules_status", "si-0"));
        Assert.Equal("creating_from_snapshot", ShareInstanceStatus.CreatingFromSnapshot.ToString());
    }

    private static string? RawColumn(ManilaStore store, string table, string column, string id)
    {
        var connection = store.SqliteConnection!;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {column} FROM {table} WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() as string;
    }
}
