// A lock for one manager operation: Legacy holds it from start to end, driver calls included (Manila's decorator);
// Guarded holds it only around the operation's database phases, dropping it before each driver call or cast and
// taking it again to write the outcome. Between phases the transitional status the operation set fences the row.
namespace SimManila.Services.Coordination;

public sealed class PhasedLock : IAsyncDisposable
{
    readonly LockService locks;
    readonly string host;
    readonly string name;
    readonly bool phased;
    readonly bool fileLock;
    LockLease? lease;

    PhasedLock(LockService locks, string host, string name, bool phased, bool fileLock)
    {
        this.locks = locks;
        this.host = host;
        this.name = name;
        this.phased = phased;
        this.fileLock = fileLock;
    }

    /// <summary>Takes the lock for the operation's first phase (<paramref name="fileLock"/>: see LockService).</summary>
    public static async Task<PhasedLock> Acquire(LockService locks, string host, string name, bool phased, bool fileLock = false)
    {
        var phasedLock = new PhasedLock(locks, host, name, phased, fileLock);
        phasedLock.lease = await locks.AcquireAsync(host, name, fileLock);
        return phasedLock;
    }

    /// <summary>Before a driver call or cast: Guarded lets go, Legacy keeps holding.</summary>
    public async ValueTask Leave()
    {
        if (!phased || lease is null) return;
        var held = lease;
        lease = null;
        await held.DisposeAsync();
    }

    /// <summary>After the call, to re-validate and write the outcome: Guarded takes the lock again.</summary>
    public async ValueTask Reenter()
    {
        if (!phased || lease is not null) return;
        lease = await locks.AcquireAsync(host, name, fileLock);
    }

    public ValueTask DisposeAsync()
    {
        var held = lease;
        lease = null;
        return held?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
