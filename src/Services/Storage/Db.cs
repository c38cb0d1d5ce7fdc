// The database as services reach it: each call is one scheduling point on the row it touches, then one atomic
// synchronous store call, like one DB transaction in Manila. Stale copies are the caller's business, as in Manila.
using System.Linq.Expressions;
using SimManila.Model;
using SimManila.Simulation;

namespace SimManila.Services.Storage;

public sealed class Db(Simulator sim, ManilaStore store)
{
    /// <summary>Unscheduled access, for invariants and tests that look without taking a step.</summary>
    public ManilaStore Store { get; } = store;

    static class Table<T>
    {
        public static readonly string Prefix = "db:" + typeof(T).Name + ":";
    }

    public static string Key<T>(string id) => Table<T>.Prefix + id;

    /// <summary>Counts writes, so a per-step check can skip the database when nothing was written since it last looked.</summary>
    public long Version { get; private set; }

    internal void Touch() => Version++;

    public async Task<T?> Get<T>(string id) where T : class, IEntity
    {
        await sim.Read(Key<T>(id));
        return Store.Find<T>(id);
    }

    /// <summary>Rows matching a query; <paramref name="scope"/> names what the query is about (e.g. a share id).</summary>
    public async Task<IReadOnlyList<T>> Where<T>(string scope, Expression<Func<T, bool>> predicate) where T : class, IEntity
    {
        await sim.Read(Key<T>(scope));
        return Store.Where(predicate);
    }

    public async Task Insert<T>(T entity) where T : class, IEntity
    {
        await sim.Write(Key<T>(entity.Id));
        Version++;
        Store.Insert(entity);
    }

    public async Task Update<T>(string id, Action<T> change) where T : class, IEntity
    {
        await sim.Write(Key<T>(id));
        Version++;
        Store.Update(id, change);
    }

    /// <summary>Several reads and writes as one transaction: atomic, because nothing inside may await.</summary>
    public async Task<TResult> Transaction<TResult>(string key, Func<ManilaStore, TResult> body)
    {
        await sim.Write(key);
        Version++;
        return body(Store);
    }

    public async Task Transaction(string key, Action<ManilaStore> body)
    {
        await sim.Write(key);
        Version++;
        body(Store);
    }
}
