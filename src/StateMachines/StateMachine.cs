// One resource's lifecycle under one policy, compiled once from its Stateless machine's GetInfo() and the metadata
// beside it into lookup tables: the service asks them on every status write, so no query pays Stateless's cost.
using SimManila.Model;
using Stateless.Reflection;

namespace SimManila.StateMachines;

public sealed class StateMachine
{
    private readonly Dictionary<string, StateInfo> states;
    private readonly Dictionary<(string State, string Trigger), Transition> byStateAndTrigger;
    private readonly HashSet<(string From, string To)> declaredMoves;
    private readonly Dictionary<string, IReadOnlyList<ApiAction>> permits;
    private readonly Dictionary<string, ulong> permitMasks;
    private readonly HashSet<string> recoveryTriggers;

    /// <summary>Resource kind as it appears in messages and file names, e.g. "share_instance".</summary>
    public string Resource => Metadata.Resource;
    public string Title => Metadata.Title;
    public string Description => Metadata.Description;
    public MachineVariant Variant => Metadata.Variant;
    public string Initial => InitialStates[0];
    /// <summary>States a row may be inserted in (the first is the usual one).</summary>
    public IReadOnlyList<string> InitialStates => Metadata.InitialStates;
    /// <summary>Declaration order, which is also diagram order.</summary>
    public IReadOnlyList<StateInfo> States => Metadata.States;
    /// <summary>Stateless's transitions, grouped and ordered as the definition wrote them.</summary>
    public IReadOnlyList<Transition> Transitions { get; }
    public LifecycleMetadata Metadata { get; }
    /// <summary>The Stateless model this table was compiled from (what Stateless's own graph exporters read).</summary>
    public StateMachineInfo Info { get; }

    internal StateMachine(LifecycleMetadata metadata, StateMachineInfo info)
    {
        Metadata = metadata;
        Info = info;
        states = metadata.States.ToDictionary(s => s.Name, StringComparer.Ordinal);
        permits = new Dictionary<string, IReadOnlyList<ApiAction>>(metadata.Permits, StringComparer.Ordinal);
        if (Enum.GetValues<ApiAction>().Length > 64) throw Invalid("ApiAction has more values than a permit mask holds (64)");
        permitMasks = permits.ToDictionary(p => p.Key, p => p.Value.Aggregate(0UL, (mask, a) => mask | Bit(a)), StringComparer.Ordinal);
        recoveryTriggers = new HashSet<string>(metadata.RecoveryTriggers, StringComparer.Ordinal);

        if (InitialStates.Count == 0) throw Invalid("no initial state");
        foreach (var initial in InitialStates) RequireState(initial, "initial state");
        if (!Equals(info.InitialState.UnderlyingState, Initial))
            throw Invalid($"Stateless starts in '{info.InitialState}', the metadata in '{Initial}'");
        var inStateless = info.States.Select(s => (string)s.UnderlyingState).ToHashSet(StringComparer.Ordinal);
        foreach (var state in inStateless) RequireState(state, "Stateless state");
        foreach (var state in states.Keys.Where(s => !inStateless.Contains(s)))
            throw Invalid($"declared state '{state}' is not configured in Stateless");
        foreach (var state in permits.Keys) RequireState(state, "state with permitted actions");

        var edges = StatelessEdges(info);
        var seen = new HashSet<(string, string)>();
        foreach (var edge in edges)
        {
            if (states[edge.From].IsFinal) throw Invalid($"final state '{edge.From}' has outgoing '{edge.Trigger}'");
            if (!seen.Add((edge.From, edge.Trigger))) throw Invalid($"trigger '{edge.Trigger}' is declared twice from '{edge.From}'");
        }
        declaredMoves = edges.Select(e => (e.From, e.To)).ToHashSet();
        byStateAndTrigger = new();
        Transitions = Group(edges);
    }

    /// <summary>Every permitted transition Stateless holds, one per (source, trigger), with its guard description.</summary>
    private List<(string From, string Trigger, string To, string Guard)> StatelessEdges(StateMachineInfo info)
    {
        var edges = new List<(string, string, string, string)>();
        foreach (var state in info.States)
        {
            if (state.DynamicTransitions.Any() || state.IgnoredTriggers.Any() || state.Substates.Any() || state.Superstate is not null)
                throw Invalid($"'{state}' uses Stateless features a compiled table cannot hold (dynamic, ignored, substates)");
            foreach (var transition in state.FixedTransitions)
            {
                var trigger = (string)transition.Trigger.UnderlyingTrigger;
                if (transition.IsInternalTransition) throw Invalid($"'{trigger}' from '{state}' is an internal transition");
                var guards = transition.GuardConditionsMethodDescriptions.Select(g => g.Description).ToList();
                if (guards.Count > 1) throw Invalid($"'{trigger}' from '{state}' has {guards.Count} guards; one description is the rule");
                edges.Add(((string)state.UnderlyingState, trigger, (string)transition.DestinationState.UnderlyingState, guards.FirstOrDefault() ?? ""));
            }
        }
        return edges;
    }

    /// <summary>
    /// Stateless's edges grouped into the transitions the definition wrote, in its order: every declared source must
    /// be an edge with the group's target and guard, and every edge must belong to exactly one group.
    /// </summary>
    private List<Transition> Group(List<(string From, string Trigger, string To, string Guard)> edges)
    {
        var unclaimed = edges.ToDictionary(e => (e.From, e.Trigger));
        var transitions = new List<Transition>();
        foreach (var declared in Metadata.Declarations)
        {
            if (declared.Sources.Count == 0) throw Invalid($"'{declared.Trigger}' has no source");
            string? target = null, guard = null;
            foreach (var source in declared.Sources)
            {
                if (!unclaimed.Remove((source, declared.Trigger), out var edge))
                    throw Invalid($"'{declared.Trigger}' from '{source}' is declared but Stateless does not permit it");
                if ((target ?? edge.To) != edge.To || (guard ?? edge.Guard) != edge.Guard)
                    throw Invalid($"'{declared.Trigger}' leads to different targets or guards from its sources");
                (target, guard) = (edge.To, edge.Guard);
            }
            var transition = new Transition(declared.Trigger, declared.Sources, declared.FromAnyState, target!, guard!);
            if (declared.FromAnyState && !declared.Sources.SequenceEqual(AnySourcesOf(target!)))
                throw Invalid($"'{declared.Trigger}' is from any state but not from every non-final state except '{target}'");
            foreach (var source in declared.Sources) byStateAndTrigger.Add((source, declared.Trigger), transition);
            transitions.Add(transition);
        }
        if (unclaimed.Count > 0)
            throw Invalid($"Stateless permits what no declaration says: {string.Join(", ", unclaimed.Keys.Select(k => $"'{k.Trigger}' from '{k.From}'"))}");
        return transitions;
    }

    private IEnumerable<string> AnySourcesOf(string target) =>
        States.Where(s => !s.IsFinal && s.Name != target).Select(s => s.Name);

    /// <summary>The concrete source states of a transition (a from-any transition lists every non-final state but its target).</summary>
    public IReadOnlyList<string> SourcesOf(Transition transition) => transition.Sources;

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
        permitMasks.TryGetValue(state, out var mask) && (mask & Bit(action)) != 0;

    public IReadOnlyList<ApiAction> PermittedActions(string state) =>
        permits.TryGetValue(state, out var actions) ? actions : [];

    /// <summary>A way out of an error state an operator can take (admin action, delete, deny, or named by the definition).</summary>
    public bool IsRecovery(string trigger) =>
        Triggers.IsRecoveryByConvention(trigger) || recoveryTriggers.Contains(trigger);

    /// <summary>Every (from, trigger, to) edge, expanded, in declaration order.</summary>
    public IEnumerable<(string From, string Trigger, string To)> Edges() =>
        Transitions.SelectMany(t => t.Sources.Select(s => (s, t.Trigger, t.Target)));

    /// <summary>Typed view for a status type whose strings are this machine's states.</summary>
    public Lifecycle<TStatus> As<TStatus>() where TStatus : ManilaStatus<TStatus> => new(this);

    public override string ToString() => $"{Resource} ({Variant})";

    private static ulong Bit(ApiAction action) => 1UL << (int)action;

    private void RequireState(string state, string role)
    {
        if (!states.ContainsKey(state)) throw Invalid($"{role} '{state}' is not a declared state");
    }

    private InvalidOperationException Invalid(string what) => new($"{Resource} ({Variant}) lifecycle: {what}");
}
