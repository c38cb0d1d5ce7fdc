// What one iteration teaches a learning strategy: the abstract state and the action of each decision it took, and the
// first execution of each resource access (point) of each operation, in order.
namespace SimManila.Simulation;

internal sealed class NoveltyLesson
{
    /// <summary>(abstract state, action, number of actions there) per decision, in order; an action is an operation id
    /// or a choice's value.</summary>
    public readonly List<(ulong state, int action, int alternatives)> Decisions = new();

    /// <summary>Each access point's first execution in the iteration, in order (see StateAbstraction.AccessOf).</summary>
    public readonly List<AccessPoint> Accesses = new();

    /// <summary>The order this iteration tried to bring about, if any: tried once, it is not tried again.</summary>
    public FlipTarget? Target;

    public void Clear()
    {
        Decisions.Clear();
        Accesses.Clear();
        Target = null;
    }
}

/// <summary>A resource access of one operation: its point (operation, kind, key) hashed, the key hashed, and whether it
/// writes (Write, Acquire, Release, Send). Two accesses conflict when they share a key and one writes.</summary>
internal readonly record struct AccessPoint(int Operation, ulong Point, ulong Key, bool Writes)
{
    public bool ConflictsWith(AccessPoint other) => Key == other.Key && Operation != other.Operation && (Writes || other.Writes);
}
