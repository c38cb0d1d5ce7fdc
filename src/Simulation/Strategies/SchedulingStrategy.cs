// The contract between the loop and a strategy: pick the next ready operation and the value of each choice.
namespace SimManila.Simulation;

internal abstract class SchedulingStrategy
{
    public abstract string Name { get; }

    /// <summary>Called before each iteration with its seed and index.</summary>
    public abstract void BeginIteration(ulong seed, long iteration);

    /// <summary>Called after each iteration; false when the strategy has nothing left to explore (DFS exhausted).</summary>
    public virtual bool EndIteration() => true;

    public virtual void OnSpawn(SimOperation op) { }

    /// <summary>An operation's pending step just became enabled.</summary>
    public virtual void OnEnabled(SimOperation op) { }

    /// <summary>Only called with two or more ready operations: returns an index into ready[0..count).</summary>
    public abstract int PickNext(Simulator sim, SimOperation[] ready, int count);

    /// <summary>A step of op ran; it had been waiting at (kind, resource).</summary>
    public virtual void OnStepped(SimOperation op, PointKind kind, string? resource, SimOperation[] ready, int count) { }

    public abstract bool ChooseBool(Simulator sim, double probability);

    public abstract int ChooseInt(Simulator sim, int minInclusive, int maxExclusive);
}

/// <summary>Base for strategies whose choices are seeded random draws.</summary>
internal abstract class RandomizedStrategy : SchedulingStrategy
{
    protected readonly SimRandom Random = new(0);

    public override void BeginIteration(ulong seed, long iteration) => Random.Reset(seed);

    public override bool ChooseBool(Simulator sim, double probability) => Random.Chance(probability);

    public override int ChooseInt(Simulator sim, int minInclusive, int maxExclusive) =>
        minInclusive + (int)((((Random.NextUInt64() >> 32) * (ulong)(uint)(maxExclusive - minInclusive))) >> 32);
}
