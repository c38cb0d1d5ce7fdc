// Which declared transitions and allowed API actions a run exercised. StatusTransitions reports every status write
// that applied; the API workers report every permission check that passed. One set add each, nothing else.
using SimManila.Model;
using SimManila.StateMachines;

namespace SimManila.Services.Storage;

/// <summary>A status write that applied: the machine's resource kind, the status it overwrote, the trigger, the new status.</summary>
public readonly record struct TransitionTaken(string Machine, string From, string Trigger, string To)
{
    public override string ToString() => $"{Machine}: {From} -> {To} by {Trigger}";
}

/// <summary>An API permission check that passed: the machine's resource kind, the state it checked, the action.</summary>
public readonly record struct ActionTaken(string Machine, string State, ApiAction Action)
{
    public override string ToString() => $"{Machine}: {Action} in {State}";
}

/// <summary>
/// The recorder of one deployment (one iteration). Legacy reports the row's status it overwrote; Guarded the status the
/// caller saw, which was in the expected set since the update applied. Sets allocate on first use.
/// </summary>
public sealed class TransitionCoverage
{
    HashSet<TransitionTaken>? transitions;
    HashSet<ActionTaken>? actions;

    public IReadOnlyCollection<TransitionTaken> Transitions => (IReadOnlyCollection<TransitionTaken>?)transitions ?? [];
    public IReadOnlyCollection<ActionTaken> Actions => (IReadOnlyCollection<ActionTaken>?)actions ?? [];

    public void Transition(StateMachine machine, string from, string trigger, string to) =>
        (transitions ??= new HashSet<TransitionTaken>()).Add(new TransitionTaken(machine.Resource, from, trigger, to));

    public void Action(StateMachine machine, string state, ApiAction action) =>
        (actions ??= new HashSet<ActionTaken>()).Add(new ActionTaken(machine.Resource, state, action));

    /// <summary>A permission check on <paramref name="state"/> passed and the request goes on.</summary>
    public void Action<TStatus>(Lifecycle<TStatus> lifecycle, TStatus state, ApiAction action) where TStatus : ManilaStatus<TStatus> =>
        Action(lifecycle.Machine, state.Value, action);

    /// <summary>Adds what <paramref name="other"/> saw (single-threaded; callers merging across threads synchronise).</summary>
    public void UnionWith(TransitionCoverage other)
    {
        foreach (var t in other.Transitions) (transitions ??= new HashSet<TransitionTaken>()).Add(t);
        foreach (var a in other.Actions) (actions ??= new HashSet<ActionTaken>()).Add(a);
    }
}
