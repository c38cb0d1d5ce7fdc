// The database as the service sees it: synchronous, detached reads and atomic conditional writes, on either provider.
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("SimManila.Properties.Tests")]

namespace SimManila.Model;

/// <summary>
/// One database. Every call is synchronous and completes before it returns, so under the simulator each call is
/// atomic; the service places its scheduling points between calls. Reads return detached copies that go stale like
/// Manila's Python objects. Results are the same on both providers for the same calls.
/// </summary>
/// <remarks>
/// On InMemory the context keeps tracking every row it saved, because it is the database's only writer: a lookup by
/// id is EF's identity-map <c>Find</c> (no query) and a write saves just the entry it changed, which together cost a
/// third of a query-load-save-clear round. Callers still only ever hold copies. SQLite clears its tracker after every
/// call, because its conditional updates are SQL statements that bypass the tracker.
/// </remarks>
public sealed class ManilaStore : IDisposable
{
    // InMemory contexts of disposed stores, each owning a database of its own (emptied), reused by Create.
    private static readonly System.Collections.Concurrent.ConcurrentBag<ManilaDbContext> InMemoryPool = new();
    private const int MaxPooledContexts = 64;
    private const int SqlitePrimaryKeyConstraint = 1555; // SQLITE_CONSTRAINT_PRIMARYKEY

    private readonly ManilaDbContext context;
    private readonly SqliteConnection? connection;
    private bool disposed;

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite connection, for tests that read raw column values; null on InMemory.</summary>
    internal SqliteConnection? SqliteConnection => connection;

    /// <summary>The EF context, for tests that run a query path directly.</summary>
    internal ManilaDbContext Context => context;

    private ManilaStore(DatabaseProvider provider, ManilaDbContext context, SqliteConnection? connection)
    {
        Provider = provider;
        this.context = context;
        this.connection = connection;
        // InMemory detects changes on the one entry it saves (see Save); a scan of every tracked row per save would
        // grow with the database.
        context.ChangeTracker.AutoDetectChangesEnabled = provider == DatabaseProvider.Sqlite;
        context.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
    }

    private bool KeepsRowsTracked => Provider == DatabaseProvider.InMemory;

    public static ManilaStore Create(DatabaseProvider provider = DatabaseProvider.InMemory)
    {
        switch (provider)
        {
            case DatabaseProvider.InMemory:
                // A context whose database was emptied by a disposed store is as good as a new one, and much cheaper.
                var pooled = InMemoryPool.TryTake(out var reused) ? reused : new ManilaDbContext(StoreOptions.InMemory(out _));
                return new ManilaStore(provider, pooled, null);
            case DatabaseProvider.Sqlite:
                // The in-memory SQLite database lives as long as this connection stays open.
                var connection = new SqliteConnection("DataSource=:memory:");
                connection.Open();
                StoreOptions.CreateSqliteSchema(connection);
                var context = new ManilaDbContext(StoreOptions.Sqlite(connection));
                return new ManilaStore(provider, context, connection);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, null);
        }
    }

    /// <summary>The live row, or null when missing or soft-deleted.</summary>
    public T? Find<T>(string id) where T : class, IEntity
    {
        ThrowIfDisposed();
        if (!KeepsRowsTracked) return Q<T>().FindLive(context, id);
        var row = Identity<T>(id);
        return row is null || row.Deleted ? null : Copy(row);
    }

    public T? FindIncludingDeleted<T>(string id) where T : class, IEntity
    {
        ThrowIfDisposed();
        if (!KeepsRowsTracked) return Q<T>().FindAny(context, id);
        var row = Identity<T>(id);
        return row is null ? null : Copy(row);
    }

    /// <summary>Live rows matching <paramref name="predicate"/>, ordered by id (ordinal) on both providers.</summary>
    public IReadOnlyList<T> Where<T>(Expression<Func<T, bool>> predicate) where T : class, IEntity
    {
        ThrowIfDisposed();
        // The service's usual shapes run as queries compiled once per shape (see PredicateShapes): same translation.
        if (PredicateShapes<T>.TryRun(Provider, context, predicate, out var rows)) return Ordered(rows);
        return Ordered(Live<T>().Where(predicate).ToList());
    }

    public IReadOnlyList<T> WhereIncludingDeleted<T>(Expression<Func<T, bool>> predicate) where T : class, IEntity =>
        Ordered(Rows<T>().Where(predicate).ToList());

    /// <summary>Every live row, ordered by id.</summary>
    public IReadOnlyList<T> All<T>() where T : class, IEntity => Where<T>(static _ => true);

    public void Insert<T>(T entity) where T : class, IEntity
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(entity);
        if (KeepsRowsTracked)
        {
            // Every saved row is tracked, so a duplicate id is found in the identity map without a query. The
            // database keeps its own copy: the caller's object stays the caller's.
            if (Identity<T>(entity.Id) is not null) throw new DuplicateEntityException(typeof(T), entity.Id);
            var row = Copy(entity);
            Track(row);
            try
            {
                context.SaveChanges();
            }
            catch
            {
                Restore(row);
                throw;
            }
            return;
        }
        // SQLite's primary key rejects a duplicate by itself and nothing is written: no lookup before every insert.
        try
        {
            context.Add(entity);
            context.SaveChanges();
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteExtendedErrorCode: SqlitePrimaryKeyConstraint })
        {
            throw new DuplicateEntityException(typeof(T), entity.Id);
        }
        finally
        {
            context.ChangeTracker.Clear();
        }
    }

    /// <summary>Unconditional update of a live row (Manila's `*_update(id, values)`): load, apply, save.</summary>
    public void Update<T>(string id, Action<T> change) where T : class, IEntity
    {
        ThrowIfDisposed();
        var row = Tracked<T>(id);
        try
        {
            if (row is null) throw new EntityNotFoundException(typeof(T), id);
            change(row);
            Assert(row.Id == id, "an update must not change the id");
            Save(row);
        }
        catch
        {
            Restore(row);
            throw;
        }
        finally
        {
            EndCall();
        }
    }

    /// <summary>
    /// Several live rows changed in one atomic step with one save: each row is loaded, or created by its
    /// <c>Create</c> when missing, then changed. Nothing is written when a change throws (e.g. a quota check).
    /// </summary>
    public void Upsert<T>(IReadOnlyList<(string Id, Func<T> Create, Action<T> Change)> rows) where T : class, IEntity
    {
        ThrowIfDisposed();
        var touched = new T[rows.Count];
        try
        {
            for (int i = 0; i < rows.Count; i++)
            {
                var (id, create, change) = rows[i];
                // A row created by an earlier item with the same id is already tracked (Added) and found here.
                var row = Tracked<T>(id) ?? AddedInThisCall(touched, i, id);
                if (row is null)
                {
                    row = create();
                    Assert(row.Id == id, "a created row must carry its id");
                    Track(row);
                }
                touched[i] = row;
                change(row);
                Assert(row.Id == id, "an update must not change the id");
            }
            Save(touched);
        }
        catch
        {
            Restore(touched);
            throw;
        }
        finally
        {
            EndCall();
        }
    }

    private static T? AddedInThisCall<T>(T[] touched, int count, string id) where T : class, IEntity
    {
        for (int i = 0; i < count; i++)
            if (touched[i].Id == id) return touched[i];
        return null;
    }

    /// <summary>
    /// The atomic test-and-set: "set the <typeparamref name="TStatus"/> column to <paramref name="next"/> where id =
    /// <paramref name="id"/> and that column is in <paramref name="expected"/>"; returns whether it applied.
    /// <paramref name="alsoChange"/> runs in the same atomic step, only when the update applies.
    /// </summary>
    public bool TryUpdateStatus<T, TStatus>(string id, IReadOnlyCollection<TStatus> expected, TStatus next,
        Action<T>? alsoChange = null)
        where T : class, IEntity where TStatus : ManilaStatus<TStatus>
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(next);
        if (expected.Count == 0) return false;
        var property = StatusProperty<T, TStatus>.Info;
        // SQLite: a real "UPDATE ... SET status = @next WHERE id = @id AND status IN (...)" decides the winner.
        return ConditionalWrite(id, () => Live<T>().Where(StatusIn<T, TStatus>(property, expected)),
            set => set.SetProperty(StatusProperty<T, TStatus>.Getter, next),
            row => property.GetValue(row) is TStatus status && expected.Contains(status),
            row => property.SetValue(row, next), alsoChange);
    }

    /// <summary>Soft-deletes a live row unconditionally; throws when it is missing or already deleted.</summary>
    public void SoftDelete<T>(string id, DateTime at, Action<T>? alsoChange = null) where T : class, IEntity
    {
        if (!TrySoftDelete(id, at, alsoChange)) throw new EntityNotFoundException(typeof(T), id);
    }

    /// <summary>
    /// Soft-deletes the row only if it is still live; true for exactly one caller. Manila's share-delete quota fix
    /// relies on this: only the winner of the row delete commits the quota change (3c5963049).
    /// </summary>
    public bool TrySoftDelete<T>(string id, DateTime at, Action<T>? alsoChange = null) where T : class, IEntity =>
        ConditionalWrite(id, Live<T>, set => set.SetProperty(e => e.Deleted, true).SetProperty(e => e.DeletedAt, at),
            static _ => true, row =>
            {
                row.Deleted = true;
                row.DeletedAt = at;
            }, alsoChange);

    /// <summary>
    /// The one conditional write of a live row, atomic on both providers. SQLite runs it as "UPDATE ... SET
    /// <paramref name="sqliteSet"/> WHERE id = @id AND <paramref name="sqliteMatching"/>" (built only there); InMemory, which has no
    /// ExecuteUpdate, reads, tests <paramref name="applies"/> and writes inside this one synchronous call.
    /// <paramref name="alsoChange"/> runs in the same step, only when the write applies.
    /// </summary>
    private bool ConditionalWrite<T>(string id, Func<IQueryable<T>> sqliteMatching, Action<UpdateSettersBuilder<T>> sqliteSet,
        Func<T, bool> applies, Action<T> change, Action<T>? alsoChange) where T : class, IEntity
    {
        ThrowIfDisposed();
        T? current = null;
        try
        {
            if (Provider == DatabaseProvider.Sqlite) return UpdateWhereOnSqlite(id, sqliteMatching(), sqliteSet, alsoChange);
            current = Tracked<T>(id);
            if (current is null || !applies(current)) return false;
            change(current);
            alsoChange?.Invoke(current);
            Save(current);
            return true;
        }
        catch
        {
            Restore(current);
            throw;
        }
        finally
        {
            EndCall();
        }
    }

    /// <summary>
    /// SQLite: "UPDATE ... SET <paramref name="set"/> WHERE id = @id AND <paramref name="matching"/>" decides whether the
    /// change applies; <paramref name="alsoChange"/> runs on the updated row in the same transaction, only if it did.
    /// </summary>
    private bool UpdateWhereOnSqlite<T>(string id, IQueryable<T> matching, Action<UpdateSettersBuilder<T>> set,
        Action<T>? alsoChange) where T : class, IEntity
    {
        using var transaction = context.Database.BeginTransaction();
        var applied = matching.Where(e => e.Id == id).ExecuteUpdate(set);
        Assert(applied <= 1, "ids are unique");
        if (applied == 1 && alsoChange is not null)
        {
            var row = context.Set<T>().AsTracking().First(e => e.Id == id);
            alsoChange(row);
            context.SaveChanges();
        }
        transaction.Commit();
        return applied == 1;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (Provider == DatabaseProvider.InMemory)
        {
            // Drops every row (the database is empty again, as for a new store); the context goes back to the pool.
            context.Database.EnsureDeleted();
            context.ChangeTracker.Clear();
            if (InMemoryPool.Count < MaxPooledContexts)
            {
                InMemoryPool.Add(context);
                return;
            }
        }
        context.Dispose();
        connection?.Dispose();
    }

    private IQueryable<T> Rows<T>() where T : class, IEntity
    {
        ThrowIfDisposed();
        return context.Set<T>().AsNoTracking();
    }

    private IQueryable<T> Live<T>() where T : class, IEntity => Rows<T>().Where(e => !e.Deleted);

    /// <summary>The live row as the context tracks it, to change and save; null when missing or soft-deleted.</summary>
    private T? Tracked<T>(string id) where T : class, IEntity
    {
        ThrowIfDisposed();
        if (!KeepsRowsTracked) return Q<T>().TrackedLive(context, id);
        var row = Identity<T>(id);
        return row is null || row.Deleted ? null : row;
    }

    /// <summary>InMemory: the tracked row with this id, live or not. Every row this database holds was saved through
    /// this context and stays tracked, so the identity map is the whole table and a miss needs no query.</summary>
    private T? Identity<T>(string id) where T : class, IEntity => context.Set<T>().Local.FindEntry(id)?.Entity;

    /// <summary>Starts tracking a new row as Added: one entry, no graph walk (rows have no navigations).</summary>
    private void Track<T>(T row) where T : class => context.Entry(row).State = EntityState.Added;

    /// <summary>Saves the changed rows; on InMemory only their entries are compared with their snapshots.</summary>
    private void Save<T>(params ReadOnlySpan<T> rows) where T : class, IEntity
    {
        if (KeepsRowsTracked)
            foreach (var row in rows) context.Entry(row).DetectChanges();
        context.SaveChanges();
    }

    /// <summary>Ends a call: SQLite forgets every entry; InMemory keeps its rows tracked.</summary>
    private void EndCall()
    {
        if (!KeepsRowsTracked) context.ChangeTracker.Clear();
    }

    /// <summary>
    /// After a failed write (a change that threw, a save that failed), InMemory puts the rows it touched back as the
    /// database has them, so nothing half-done stays in the identity map. SQLite's entries are cleared anyway.
    /// </summary>
    private void Restore<T>(params ReadOnlySpan<T?> touched) where T : class, IEntity
    {
        if (!KeepsRowsTracked) return;
        foreach (var row in touched)
        {
            if (row is null) continue;
            var entry = context.Entry(row);
            if (entry.State == EntityState.Added) entry.State = EntityState.Detached;
            else if (entry.State != EntityState.Detached) entry.Reload();
        }
    }

    /// <summary>A field-by-field copy: what a reader gets, and what an insert stores, so no caller shares a row.</summary>
    private static T Copy<T>(T row) where T : class => (T)CopyFields(row);

    private static readonly Func<object, object> CopyFields = typeof(object)
        .GetMethod(nameof(MemberwiseClone), BindingFlags.NonPublic | BindingFlags.Instance)!
        .CreateDelegate<Func<object, object>>();

    // A compiled query is bound to one EF model, and each provider has its own model: one set per provider.
    private CompiledQueries<T> Q<T>() where T : class, IEntity =>
        Provider == DatabaseProvider.Sqlite ? CompiledQueries<T>.Sqlite : CompiledQueries<T>.InMemory;

    /// <summary>Queries compiled once per entity type and provider: no per-call expression building or cache lookup.</summary>
    private sealed class CompiledQueries<T> where T : class, IEntity
    {
        public static readonly CompiledQueries<T> InMemory = new();
        public static readonly CompiledQueries<T> Sqlite = new();

        public readonly Func<ManilaDbContext, string, T?> FindLive = EF.CompileQuery(
            (ManilaDbContext c, string id) => c.Set<T>().AsNoTracking().Where(e => !e.Deleted).FirstOrDefault(e => e.Id == id));

        public readonly Func<ManilaDbContext, string, T?> FindAny = EF.CompileQuery(
            (ManilaDbContext c, string id) => c.Set<T>().AsNoTracking().FirstOrDefault(e => e.Id == id));

        public readonly Func<ManilaDbContext, string, T?> TrackedLive = EF.CompileQuery(
            (ManilaDbContext c, string id) => c.Set<T>().AsTracking().FirstOrDefault(e => e.Id == id && !e.Deleted));
    }

    private static IReadOnlyList<T> Ordered<T>(List<T> rows) where T : IEntity
    {
        rows.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return rows;
    }

    // "status = s1 OR status = s2 ...": each comparison goes through the value converter on both providers.
    private static Expression<Func<T, bool>> StatusIn<T, TStatus>(PropertyInfo property,
        IReadOnlyCollection<TStatus> expected) where TStatus : ManilaStatus<TStatus>
    {
        var row = Expression.Parameter(typeof(T), "row");
        var column = Expression.Property(row, property);
        Expression? any = null;
        foreach (var status in expected.Distinct())
        {
            var equal = Expression.Equal(column, Expression.Constant(status, typeof(TStatus)));
            any = any is null ? equal : Expression.OrElse(any, equal);
        }
        return Expression.Lambda<Func<T, bool>>(any!, row);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    private static void Assert(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException("ManilaStore invariant violated: " + what);
    }

    /// <summary>The one property of type <typeparamref name="TStatus"/> on <typeparamref name="T"/>.</summary>
    private static class StatusProperty<T, TStatus>
    {
        public static readonly PropertyInfo Info = Find();
        public static readonly Expression<Func<T, TStatus>> Getter = BuildGetter();

        private static PropertyInfo Find()
        {
            var matches = typeof(T).GetProperties().Where(p => p.PropertyType == typeof(TStatus) && p.CanWrite).ToList();
            return matches.Count == 1
                ? matches[0]
                : throw new InvalidOperationException(
                    $"{typeof(T).Name} must have exactly one {typeof(TStatus).Name} property, has {matches.Count}");
        }

        private static Expression<Func<T, TStatus>> BuildGetter()
        {
            var row = Expression.Parameter(typeof(T), "row");
            return Expression.Lambda<Func<T, TStatus>>(Expression.Property(row, Info), row);
        }
    }
}
