// The engine's only source of randomness: SplitMix64, seeded explicitly, so every draw is reproducible from a seed.
namespace SimManila.Simulation;

public sealed class SimRandom
{
    ulong state;

    public SimRandom(ulong seed) { state = seed; }

    public void Reset(ulong seed) => state = seed;

    public ulong NextUInt64()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound); bound must be positive (Lemire's multiply-shift, bias negligible for small bounds).</summary>
    public int Next(int bound) => (int)(((NextUInt64() >> 32) * (ulong)(uint)bound) >> 32);

    /// <summary>True with the given probability.</summary>
    public bool Chance(double probability) => (NextUInt64() >> 11) * (1.0 / (1UL << 53)) < probability;

    /// <summary>One SplitMix64 step as a pure function: the way seeds derive from other seeds.</summary>
    public static ulong Mix(ulong value)
    {
        ulong z = value + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Iteration i's seed: a function of the run seed and i only, so results do not depend on cores or shards.</summary>
    public static ulong IterationSeed(ulong runSeed, long iteration) => Mix(Mix(runSeed) ^ Mix((ulong)iteration + 1));
}
