// The learning strategy's view of a scheduling decision: an order-independent hash of the ready operations' pending
// points (operation, kind, resource key) and the program's fingerprint, and the hash of each resource access.
namespace SimManila.Simulation;

internal sealed class StateAbstraction
{
    const ulong ScheduleSalt = 0x5C4E_D0_1EUL, ChoiceSalt = 0xC4_01CEUL;
    readonly Dictionary<string, ulong> keyHashes = new(StringComparer.Ordinal);

    /// <summary>The state at a schedule decision: the same ready set hashes the same whatever the ready array's order.</summary>
    public ulong OfSchedule(Simulator sim, SimOperation[] ready, int count)
    {
        ulong hash = ScheduleSalt;
        for (int i = 0; i < count; i++) hash += PendingPoint(ready[i]);
        return WithFingerprint(sim, hash);
    }

    /// <summary>The state at a choice: who asks, where, for what range (bool: [0, 2)).</summary>
    public ulong OfChoice(Simulator sim, int minInclusive, int maxExclusive)
    {
        ulong hash = SimRandom.Mix(ChoiceSalt ^ ((ulong)(uint)minInclusive << 32 | (uint)maxExclusive));
        if (sim.Current is { } op) hash += PendingPoint(op);
        return WithFingerprint(sim, hash);
    }

    /// <summary>The point an operation waits at: (id, kind, resource key).</summary>
    public ulong PendingPoint(SimOperation op) => Point(op.Id, op.PendingKind, op.PendingResource);

    public ulong Point(int operation, PointKind kind, string? resource) =>
        SimRandom.Mix(((ulong)(uint)operation << 8 | (uint)kind) ^ KeyHash(resource));

    /// <summary>The access a step makes, or null for points that name no resource or only start, end or wait out
    /// time (their steps may touch anything, so no order between them is learned).</summary>
    public AccessPoint? AccessOf(int operation, PointKind kind, string? resource) =>
        resource is null || kind is PointKind.Start or PointKind.Yield or PointKind.Plain or PointKind.Timer or PointKind.Complete
            ? null
            : new AccessPoint(operation, Point(operation, kind, resource), KeyHash(resource),
                kind is PointKind.Write or PointKind.Acquire or PointKind.Release or PointKind.Send);

    static ulong WithFingerprint(Simulator sim, ulong hash) =>
        sim.StateFingerprint is { } fingerprint ? SimRandom.Mix(hash ^ fingerprint()) : hash;

    /// <summary>FNV-1a of a key, cached: deterministic across processes, unlike string.GetHashCode.</summary>
    ulong KeyHash(string? key)
    {
        if (key is null) return 0;
        if (keyHashes.TryGetValue(key, out var hash)) return hash;
        hash = 0xCBF29CE484222325UL;
        foreach (char c in key) hash = (hash ^ c) * 0x100000001B3UL;
        if (keyHashes.Count < 1 << 16) keyHashes[key] = hash; // bounded: keys with ids in them keep coming
        return hash;
    }
}
