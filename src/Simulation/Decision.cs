// One recorded decision of an iteration (which operation ran next, or the value of a choice) and the reusable log of them.
namespace SimManila.Simulation;

public enum DecisionKind : byte { Schedule = 0, Bool = 1, Int = 2 }

/// <summary>Schedule: Value = operation id, Bound = number of ready operations. Bool: Value 0/1. Int: Value in [Min, Bound).</summary>
public readonly record struct Decision(DecisionKind Kind, int Value, int Min, int Bound)
{
    public static Decision Schedule(int operationId, int readyCount) => new(DecisionKind.Schedule, operationId, 0, readyCount);
    public static Decision Bool(bool value) => new(DecisionKind.Bool, value ? 1 : 0, 0, 2);
    public static Decision Int(int value, int minInclusive, int maxExclusive) => new(DecisionKind.Int, value, minInclusive, maxExclusive);

    public override string ToString() => Kind switch
    {
        DecisionKind.Schedule => $"op {Value} of {Bound} ready",
        DecisionKind.Bool => Value != 0 ? "true" : "false",
        _ => $"{Value} in [{Min},{Bound})",
    };
}

/// <summary>Growable array reused across iterations, so recording costs no allocation per step.</summary>
internal sealed class DecisionLog
{
    Decision[] items = new Decision[256];
    public int Count;

    public void Clear() => Count = 0;

    public void Add(Decision decision)
    {
        if (Count == items.Length) Array.Resize(ref items, items.Length * 2);
        items[Count++] = decision;
    }

    public Decision this[int index] => items[index];

    public Decision[] ToArray() => items.AsSpan(0, Count).ToArray();

    /// <summary>Hash of the decision sequence: two iterations with the same hash almost surely ran the same schedule.</summary>
    public ulong Hash()
    {
        // FNV-style multiply per decision (about a nanosecond each), one full mix at the end.
        ulong h = 0xCBF29CE484222325UL;
        for (int i = 0; i < Count; i++)
        {
            ref readonly var d = ref items[i];
            h = (h ^ ((ulong)(uint)d.Value | ((ulong)d.Kind << 32) | ((ulong)(uint)d.Bound << 40))) * 0x100000001B3UL;
        }
        return SimRandom.Mix(h ^ (ulong)Count);
    }
}
