// A declared state and a compiled transition, as plain data the machine, the exporters and the tests read.
namespace SimManila.StateMachines;

public sealed record StateInfo(string Name, StateKind Kind, string Note, bool IsFinal);

/// <summary>
/// <paramref name="Trigger"/> moves a resource from any of <paramref name="Sources"/> (when
/// <paramref name="FromAnyState"/>, every non-final state but the target) to <paramref name="Target"/>, when
/// <paramref name="Guard"/> (Stateless's guard description) holds.
/// </summary>
public sealed record Transition(string Trigger, IReadOnlyList<string> Sources, bool FromAnyState, string Target, string Guard)
{
    public string Key => $"{Trigger}|{(FromAnyState ? "*" : string.Join(",", Sources))}|{Target}|{Guard}";
}
