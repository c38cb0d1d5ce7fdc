// The contract between the loop and a strategy: pick the next ready operation and the value of each choice.
namespace SimManila.Simulation;

internal abstract class SchedulingStrategy
{
    public abstract string Name { get; }

    /// <summary>
    /// Non-null for a strategy that learns across iterations: a fresh model, which the runner creates per block of
    /// <see cref="NoveltyModel.BlockLength"/> iterations, hands to the strategy (<see cref="UseModel"/>) and teaches each
    /// iteration's <see cref="TakeLesson"/> in iteration order, so what an iteration does depends on the run seed and
    /// its index alone, never on cores or shards.
    /// </summary>
    public virtual NoveltyModel? CreateModel() => null;

    /// <summary>The model of the block about to run; the strategy only reads it.</summary>
    public virtual void UseModel(NoveltyModel model) { }

    /// <summary>After EndIteration: what the iteration teaches (valid until the next BeginIteration).</summary>
    public virtual NoveltyLesson? TakeLesson() => null;

    /// <summary>Called before each iteration with its seed and index.</summary>
    public abstract void BeginIteration(ulong seed, long iteration);

    /// <summary>Called after each iteration; false when the strategy has nothing left to explore (DFS exhausted).</summary>
    public virtual bool EndIteration() => true;

    public virtual void OnSpawn(SimOperation op) { }

    /// <summary>An operation's pending step just became enabled.</summary>
    public virtual void OnEnabled(SimOperation op) { }

    /// <summary>Only called with two or more ready operations: returns an index into ready[0..count), or -1 to end the
    /// iteration here without a bug (DFS cutting a schedule that repeats explored ones).</summary>
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
