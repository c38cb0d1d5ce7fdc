// Named locks on controlled primitives. Acquire and release are scheduling points; which waiter wins a released lock
// is a scheduling decision. Distributed locks carry a lease on virtual time; host-local ones are keyed per host.
using SimManila.Simulation;

namespace SimManila.Services.Coordination;

public sealed class LockService(Simulator sim, CoordinatorKind kind, TimeSpan leaseTtl)
{
    sealed class Entry(SimSignal released, bool leased)
    {
        public object? Token;
        public string? Holder;
        public SimOperation? HolderOperation;
        public TimeSpan Expiry;
        public SimSignal Released = released;
        /// <summary>A coordinator lock with a lease; a file lock has none (it goes with its process).</summary>
        public readonly bool Leased = leased;
    }

    readonly Dictionary<string, Entry> table = new(StringComparer.Ordinal);
    // What each operation holds now, so a driver call or cast made inside a lock can be named (Guarded forbids it).
    // Empty almost always: the check on every driver call is one Count test.
    readonly Dictionary<SimOperation, List<string>> heldBy = [];
    public CoordinatorKind Kind { get; } = kind;

    /// <summary>Lease expiries: a holder kept a distributed lock longer than its lease and lost it.</summary>
    public List<string> ExpiredLeases { get; } = [];

    string Key(string host, string name, bool fileLock) => Kind == CoordinatorKind.Distributed && !fileLock ? name : host + "|" + name;

    /// <summary>Locks currently held, as "key (holder)"; empty once the system is quiet, or something leaked.</summary>
    public IEnumerable<string> Held()
    {
        foreach (var (key, entry) in table)
            if (entry.Token is not null && !LeaseExpired(entry))
                yield return $"{key} ({entry.Holder})";
    }

    /// <summary>The lock keys the running operation holds (a lease that expired under it still counts: the holder
    /// has not let go), or null when it holds none.</summary>
    public string? HeldByCurrentOperation()
    {
        if (heldBy.Count == 0 || sim.Current is not { } operation) return null;
        return heldBy.TryGetValue(operation, out var keys) ? string.Join(", ", keys) : null;
    }

    bool LeaseExpired(Entry entry) => entry.Leased && sim.Now >= entry.Expiry;

    /// <param name="fileLock">An oslo file lock whatever the coordinator: local to <paramref name="host"/>, no lease
    /// (Manila's lockutils locks, and tooz locks before Manila used tooz for them).</param>
    public async Task<LockLease> AcquireAsync(string host, string name, bool fileLock = false)
    {
        var key = Key(host, name, fileLock);
        await sim.Point(PointKind.Acquire, "lock:" + key);
        if (!table.TryGetValue(key, out var entry))
            table[key] = entry = new Entry(sim.NewSignal("released " + key), leased: Kind == CoordinatorKind.Distributed && !fileLock);
        // Bounded: each round waits for a release or a lease expiry, both of which finish in finite virtual time.
        while (entry.Token is not null)
        {
            if (LeaseExpired(entry))
            {
                ExpiredLeases.Add($"{key} held by {entry.Holder} expired at {sim.Now}");
                break;
            }
            var released = entry.Released;
            if (entry.Leased) await released.WaitAsync(entry.Expiry - sim.Now);
            else await released.WaitAsync();
        }
        var token = new object();
        entry.Token = token;
        entry.Holder = HolderName(sim.Current?.Name ?? "?", host);
        entry.HolderOperation = sim.Current;
        entry.Expiry = sim.Now + leaseTtl;
        if (sim.IsLogging) sim.Log($"lock {key} acquired by {entry.Holder}");
        var holder = sim.Current;
        if (holder is not null)
        {
            if (!heldBy.TryGetValue(holder, out var keys)) heldBy[holder] = keys = [];
            keys.Add(key);
        }
        return new LockLease(this, key, token, holder);
    }

    /// <summary>"operation@host", unless the operation's name already says its host ("deleteShare#1@api-1",
    /// "host1.delete_share_instance").</summary>
    static string HolderName(string operation, string host) =>
        operation.EndsWith("@" + host, StringComparison.Ordinal) || operation.StartsWith(host + ".", StringComparison.Ordinal)
            ? operation : operation + "@" + host;

    internal async ValueTask ReleaseAsync(string key, object token, SimOperation? holder)
    {
        if (holder is not null && heldBy.TryGetValue(holder, out var keys))
        {
            keys.Remove(key);
            if (keys.Count == 0) heldBy.Remove(holder);
        }
        await sim.Point(PointKind.Release, "lock:" + key);
        var entry = table[key];
        if (!ReferenceEquals(entry.Token, token)) return; // the lease expired and someone else holds it now
        Free(key, entry);
    }

    void Free(string key, Entry entry)
    {
        entry.Token = null;
        entry.Holder = null;
        entry.HolderOperation = null;
        var released = entry.Released;
        entry.Released = sim.NewSignal("released " + key);
        released.Set();
        if (sim.IsLogging) sim.Log($"lock {key} released");
    }

    /// <summary>
    /// A process died: the file locks its operations held are released at once (the OS closes them with the process);
    /// its coordinator locks stay held until their lease runs out on virtual time, as tooz's do once the heartbeat stops.
    /// </summary>
    public void ProcessDied(string process)
    {
        foreach (var (key, entry) in table)
        {
            if (entry.Token is null || entry.HolderOperation?.Owner != process) continue;
            heldBy.Remove(entry.HolderOperation);
            if (!entry.Leased) Free(key, entry);
        }
    }
}

/// <summary>A held lock; `await using` releases it.</summary>
public sealed class LockLease(LockService owner, string key, object token, SimOperation? holder) : IAsyncDisposable
{
    bool released;
    public string Key { get; } = key;

    public ValueTask DisposeAsync()
    {
        if (released) return ValueTask.CompletedTask;
        released = true;
        return owner.ReleaseAsync(Key, token, holder);
    }
}
