// Writes a lifecycle once for both policies onto a Stateless machine: plain calls apply to both, `Legacy.` and
// `Guarded.` calls to one only. What Stateless cannot hold goes into the LifecycleMetadata beside it.
using SimManila.Model;
using StatelessMachine = Stateless.StateMachine<string, string>;

namespace SimManila.StateMachines;

public sealed class MachineBuilder
{
    private readonly Shared shared;
    private readonly MachineVariant? onlyIn;

    /// <summary>Calls through this view apply only to the Legacy machine.</summary>
    public MachineBuilder Legacy { get; }
    /// <summary>Calls through this view apply only to the Guarded machine.</summary>
    public MachineBuilder Guarded { get; }

    public MachineBuilder(string resource, string title, MachineVariant variant, string description)
        : this(new Shared(resource, title, variant, description), null) { }

    private MachineBuilder(Shared shared, MachineVariant? onlyIn)
    {
        this.shared = shared;
        this.onlyIn = onlyIn;
        Legacy = onlyIn is null ? new MachineBuilder(shared, MachineVariant.Legacy) : this;
        Guarded = onlyIn is null ? new MachineBuilder(shared, MachineVariant.Guarded) : this;
    }

    public MachineVariant Variant => shared.Variant;
    private bool Applies => onlyIn is null || onlyIn == shared.Variant;

    public MachineBuilder Stable(IManilaStatus state, string note = "") => Declare(state, StateKind.Stable, note, false);
    public MachineBuilder Transitional(IManilaStatus state, string note = "") => Declare(state, StateKind.Transitional, note, false);
    public MachineBuilder Error(IManilaStatus state, string note = "") => Declare(state, StateKind.Error, note, false);
    /// <summary>A final state: the row is gone; nothing leaves it.</summary>
    public MachineBuilder Final(IManilaStatus state, string note = "") => Declare(state, StateKind.Stable, note, true);

    public MachineBuilder Initial(params IManilaStatus[] states)
    {
        if (Applies) shared.Initial.AddRange(states.Select(s => s.Value));
        return this;
    }

    /// <summary>
    /// <paramref name="trigger"/> moves a resource from <paramref name="from"/> to <paramref name="to"/>; the guard is
    /// a description (Stateless's guard description): the service checks the condition, the machine names it.
    /// </summary>
    public MachineBuilder On(string trigger, IManilaStatus from, IManilaStatus to, string guard = "") =>
        On(trigger, [from], to, guard);

    public MachineBuilder On(string trigger, IManilaStatus[] from, IManilaStatus to, string guard = "")
    {
        if (from.Length == 0) throw new ArgumentException("a transition needs a source", nameof(from));
        if (Applies) shared.Transitions.Add(new Written(trigger, from.Select(s => s.Value).ToList(), to.Value, guard));
        return this;
    }

    /// <summary>From every non-final state except the target (admin reset, force delete, unconditional writes).</summary>
    public MachineBuilder OnAny(string trigger, IManilaStatus to, string guard = "")
    {
        if (Applies) shared.Transitions.Add(new Written(trigger, null, to.Value, guard));
        return this;
    }

    /// <summary>Admin reset-status to each of <paramref name="targets"/>, from any non-final state.</summary>
    public MachineBuilder ResetStatus(string guard, params IManilaStatus[] targets)
    {
        foreach (var target in targets) OnAny(Triggers.ResetStatus(target.Value), target, guard);
        return this;
    }

    public MachineBuilder Permit(IManilaStatus state, params ApiAction[] actions) => Permit([state], actions);

    public MachineBuilder Permit(IManilaStatus[] states, params ApiAction[] actions)
    {
        if (!Applies) return this;
        foreach (var state in states) PermitIn(state.Value, actions);
        return this;
    }

    /// <summary>Permits <paramref name="actions"/> in every non-final state declared so far.</summary>
    public MachineBuilder PermitEverywhere(params ApiAction[] actions)
    {
        if (!Applies) return this;
        foreach (var state in shared.States.Where(s => !s.IsFinal)) PermitIn(state.Name, actions);
        return this;
    }

    /// <summary>Names triggers that count as an operator's way out of an error state beyond the naming convention.</summary>
    public MachineBuilder Recovery(params string[] triggers)
    {
        if (Applies) shared.Recovery.AddRange(triggers);
        return this;
    }

    /// <summary>
    /// Configures the Stateless machine (every state in declaration order, then one permitted transition per source,
    /// a from-any transition expanded now that every state is known) and records the metadata beside it.
    /// </summary>
    public LifecycleDefinition Build()
    {
        var initial = shared.Initial.Distinct().ToList();
        if (initial.Count == 0) throw new InvalidOperationException($"{shared.Resource} ({shared.Variant}) lifecycle: no initial state");
        var written = shared.Transitions
            .Select(t => (t, Sources: t.Sources ?? shared.States.Where(s => !s.IsFinal && s.Name != t.Target).Select(s => s.Name).ToList()))
            .ToList();
        var definition = new LifecycleDefinition(new LifecycleMetadata(shared.Resource, shared.Title, shared.Description,
            shared.Variant, shared.States.ToList(), initial,
            shared.Permits.ToDictionary(p => p.Key, p => (IReadOnlyList<ApiAction>)p.Value.Order().ToList(), StringComparer.Ordinal),
            written.Select(w => new DeclaredTransition(w.t.Trigger, w.Sources, w.t.Sources is null)).ToList(),
            shared.Recovery.Distinct().ToList()));

        foreach (var state in shared.States) definition.Machine.Configure(state.Name);
        foreach (var (transition, sources) in written)
            foreach (var source in sources)
                Permit(definition.Machine.Configure(source), transition, source);
        return definition;
    }

    /// <summary>Stateless refuses Permit to the source state itself: a rewrite of the same status is a re-entry.</summary>
    private static void Permit(StatelessMachine.StateConfiguration state, Written transition, string source)
    {
        var (trigger, target, guard) = (transition.Trigger, transition.Target, transition.Guard);
        if (source == target)
        {
            if (guard.Length == 0) state.PermitReentry(trigger);
            else state.PermitReentryIf(trigger, Described, guard);
        }
        else if (guard.Length == 0) state.Permit(trigger, target);
        else state.PermitIf(trigger, target, Described, guard);
    }

    /// <summary>A guard Stateless records by its description; the service evaluates the condition itself.</summary>
    private static bool Described() => true;

    private void PermitIn(string state, ApiAction[] actions)
    {
        if (!shared.Permits.TryGetValue(state, out var list)) shared.Permits[state] = list = new();
        foreach (var action in actions) if (!list.Contains(action)) list.Add(action);
    }

    private MachineBuilder Declare(IManilaStatus state, StateKind kind, string note, bool final)
    {
        if (!Applies) return this;
        if (shared.States.Any(s => s.Name == state.Value))
            throw new InvalidOperationException($"{shared.Resource}: state '{state.Value}' declared twice");
        shared.States.Add(new StateInfo(state.Value, kind, note, final));
        return this;
    }

    /// <summary>A transition as written; null sources means from any state.</summary>
    private sealed record Written(string Trigger, IReadOnlyList<string>? Sources, string Target, string Guard);

    private sealed class Shared(string resource, string title, MachineVariant variant, string description)
    {
        public string Resource { get; } = resource;
        public string Title { get; } = title;
        public MachineVariant Variant { get; } = variant;
        public string Description { get; } = description;
        public List<StateInfo> States { get; } = new();
        public List<string> Initial { get; } = new();
        public List<Written> Transitions { get; } = new();
        public Dictionary<string, List<ApiAction>> Permits { get; } = new(StringComparer.Ordinal);
        public List<string> Recovery { get; } = new();
    }
}
