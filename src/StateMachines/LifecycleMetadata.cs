// What a lifecycle needs beyond what its Stateless machine holds: how states read (kind, note, final), where rows
// start, which API actions each state permits, how the definition wrote its transitions, and extra recovery triggers.
namespace SimManila.StateMachines;

/// <param name="Resource">Resource kind as it appears in messages and file names, e.g. "share_instance".</param>
/// <param name="States">Every state in declaration order, which is also diagram order.</param>
/// <param name="InitialStates">States a row may be inserted in (the first is Stateless's initial state).</param>
/// <param name="Permits">API actions each state permits, ordered; states that permit none are absent.</param>
/// <param name="Declarations">How the definition wrote its transitions, in order; targets and guards are Stateless's.</param>
/// <param name="RecoveryTriggers">Triggers that count as a way out of an error state beyond the naming convention.</param>
public sealed record LifecycleMetadata(
    string Resource,
    string Title,
    string Description,
    MachineVariant Variant,
    IReadOnlyList<StateInfo> States,
    IReadOnlyList<string> InitialStates,
    IReadOnlyDictionary<string, IReadOnlyList<ApiAction>> Permits,
    IReadOnlyList<DeclaredTransition> Declarations,
    IReadOnlyCollection<string> RecoveryTriggers);

/// <summary>
/// One transition as a definition wrote it: <paramref name="Trigger"/> from <paramref name="Sources"/> in the order
/// written, or, when <paramref name="FromAnyState"/>, from every non-final state except its target (expanded here).
/// Stateless holds one permitted transition per source; this keeps them together for the tables and diagrams.
/// </summary>
public sealed record DeclaredTransition(string Trigger, IReadOnlyList<string> Sources, bool FromAnyState);
