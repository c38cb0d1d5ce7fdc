// One resource's lifecycle under one policy: states, transitions, allowed API actions, and the queries on them.
using SimManila.Model;

namespace SimManila.StateMachines;

public sealed class StateMachine
{
    private readonly Dictionary<string, StateInfo> states;
    private readonly Dictionary<(string State, string Trigger), Transition> byStateAndTrigger;
    private readonly HashSet<(string From, string To)> declaredMoves;
    private readonly Dictionary<string, IReadOnlyList<ApiAction>> permits;
    private readonly HashSet<string> recoveryTriggers;

    /// <summary>Resource kind as it appears in messages and file names, e.g. "share_instance".</summary>
    public string Resource { get; }
    public string Title { get; }
    public string Description { get; }
    public MachineVariant Variant { get; }
    public string Initial => InitialStates[0];
    /// <summary>States a row may be inserted in (the first is the usual one).</summary>
    public IReadOnlyList<string> InitialStates { get; }
    /// <summary>Declaration order, which is also diagram order.</summary>
    public IReadOnlyList<StateInfo> States { get; }
    public IReadOnlyList<Transition> Transitions { get; }

    internal StateMachine(string resource, string title, string description, MachineVariant variant,
        IReadOnlyList<StateInfo> states, IReadOnlyList<string> initialStates, IReadOnlyList<Transition> transitions,
        IReadOnlyDictionary<string, IReadOnlyList<ApiAction>> permits, IReadOnlyCollection<string> recoveryTriggers)
    {
        Resource = resource;
        Title = title;
        Description = description;
        Variant = variant;
        States = states;
        InitialStates = initialStates;
        Transitions = transitions;
        this.states = states.ToDictionary(s => s.Name, StringComparer.Ordinal);
        this.permits = new Dictionary<string, IReadOnlyList<ApiAction>>(permits, StringComparer.Ordinal);
        this.recoveryTriggers = new HashSet<string>(recoveryTriggers, StringComparer.Ordinal);

        if (InitialStates.Count == 0) throw Invalid("no initial state");
        foreach (var initial in InitialStates) RequireState(initial, "initial state");
        byStateAndTrigger = new();
        declaredMoves = new();
        foreach (var transition in transitions)
        {
            RequireState(transition.Target, $"target of '{transition.Trigger}'");
            foreach (var source in SourcesOf(transition))
            {
                RequireState(source, $"source of '{transition.Trigger}'");
                if (this.states[source].IsFinal) throw Invalid($"final state '{source}' has outgoing '{transition.Trigger}'");
                if (!byStateAndTrigger.TryAdd((source, transition.Trigger), transition))
                    throw Invalid($"trigger '{transition.Trigger}' is declared twice from '{source}'");
                declaredMoves.Add((source, transition.Target));
            }
        }
        foreach (var state in permits.Keys) RequireState(state, "state with permitted actions");
    }

    /// <summary>The concrete source states of a transition (a from-any transition expands to every non-final state but its target).</summary>
    public IReadOnlyList<string> SourcesOf(Transition transition) => transition.FromAnyState
        ? States.Where(s => !s.IsFinal && s.Name != transition.Target).Select(s => s.Name).ToList()
        : transition.Sources;

    public bool IsState(string state) => states.ContainsKey(state);

    public StateKind KindOf(string state) => State(state).Kind;

    public StateInfo State(string state) =>
        states.TryGetValue(state, out var info) ? info : throw Invalid($"'{state}' is not a declared state");

    public bool CanFire(string state, string trigger) => byStateAndTrigger.ContainsKey((state, trigger));

    /// <summary>Triggers allowed in <paramref name="state"/>, ordinal order.</summary>
    public IReadOnlyList<string> AllowedTriggers(string state) => byStateAndTrigger.Keys
        .Where(k => k.State == state).Select(k => k.Trigger).Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether some declared transition moves <paramref name="from"/> to <paramref name="to"/> (the lifecycle-legality invariant).</summary>
    public bool IsDeclared(string from, string to) => declaredMoves.Contains((from, to));

    /// <summary>The target of <paramref name="trigger"/> from <paramref name="state"/>, or null when not allowed.</summary>
    public string? TargetOf(string state, string trigger) =>
        byStateAndTrigger.TryGetValue((state, trigger), out var transition) ? transition.Target : null;

    /// <summary>The target state; throws <see cref="IllegalTransitionException"/> when the trigger is not allowed.</summary>
    public string Fire(string resourceId, string state, string trigger) =>
        TargetOf(state, trigger) ?? throw new IllegalTransitionException(Resource, resourceId, state, trigger);

    public bool Permits(string state, ApiAction action) =>
        permits.TryGetValue(state, out var actions) && actions.Contains(action);

    public IReadOnlyList<ApiAction> PermittedActions(string state) =>
        permits.TryGetValue(state, out var actions) ? actions : [];

    /// <summary>A way out of an error state an operator can take (admin action, delete, deny, or named by the definition).</summary>
    public bool IsRecovery(string trigger) =>
        Triggers.IsRecoveryByConvention(trigger) || recoveryTriggers.Contains(trigger);

    /// <summary>Every (from, trigger, to) edge, expanded, in declaration order.</summary>
    public IEnumerable<(string From, string Trigger, string To)> Edges() =>
        Transitions.SelectMany(t => SourcesOf(t).Select(s => (s, t.Trigger, t.Target)));

    /// <summary>Typed view for a status type whose strings are this machine's states.</summary>
    public Lifecycle<TStatus> As<TStatus>() where TStatus : ManilaStatus<TStatus> => new(this);

    public override string ToString() => $"{Resource} ({Variant})";

    private void RequireState(string state, string role)
    {
        if (!states.ContainsKey(state)) throw Invalid($"{role} '{state}' is not a declared state");
    }

    private InvalidOperationException Invalid(string what) => new($"{Resource} ({Variant}) lifecycle: {what}");
}
