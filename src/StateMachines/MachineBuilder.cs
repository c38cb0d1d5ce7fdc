// Writes a lifecycle once for both policies: plain calls apply to both, `Legacy.` and `Guarded.` calls to one only.
using SimManila.Model;

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

    public MachineBuilder On(string trigger, IManilaStatus from, IManilaStatus to, string guard = "") =>
        On(trigger, [from], to, guard);

    public MachineBuilder On(string trigger, IManilaStatus[] from, IManilaStatus to, string guard = "")
    {
        if (from.Length == 0) throw new ArgumentException("a transition needs a source", nameof(from));
        if (Applies) shared.Transitions.Add(new Transition(trigger, from.Select(s => s.Value).ToList(), false, to.Value, guard));
        return this;
    }

    /// <summary>From every non-final state except the target (admin reset, force delete, unconditional writes).</summary>
    public MachineBuilder OnAny(string trigger, IManilaStatus to, string guard = "")
    {
        if (Applies) shared.Transitions.Add(new Transition(trigger, [], true, to.Value, guard));
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
        foreach (var state in states)
        {
            if (!shared.Permits.TryGetValue(state.Value, out var list)) shared.Permits[state.Value] = list = new();
            foreach (var action in actions) if (!list.Contains(action)) list.Add(action);
        }
        return this;
    }

    /// <summary>Permits <paramref name="actions"/> in every non-final state declared so far.</summary>
    public MachineBuilder PermitEverywhere(params ApiAction[] actions)
    {
        foreach (var state in shared.States.Where(s => !s.IsFinal))
            Permit(ManilaStatusName.Of(state.Name), actions);
        return this;
    }

    /// <summary>Names triggers that count as an operator's way out of an error state beyond the naming convention.</summary>
    public MachineBuilder Recovery(params string[] triggers)
    {
        if (Applies) shared.Recovery.AddRange(triggers);
        return this;
    }

    public StateMachine Build() => new(shared.Resource, shared.Title, shared.Description, shared.Variant,
        shared.States.ToList(), shared.Initial.Distinct().ToList(), shared.Transitions.ToList(),
        shared.Permits.ToDictionary(p => p.Key, p => (IReadOnlyList<ApiAction>)p.Value.Order().ToList()),
        shared.Recovery);

    private MachineBuilder Declare(IManilaStatus state, StateKind kind, string note, bool final)
    {
        if (!Applies) return this;
        if (shared.States.Any(s => s.Name == state.Value))
            throw new InvalidOperationException($"{shared.Resource}: state '{state.Value}' declared twice");
        shared.States.Add(new StateInfo(state.Value, kind, note, final));
        return this;
    }

    private sealed class Shared(string resource, string title, MachineVariant variant, string description)
    {
        public string Resource { get; } = resource;
        public string Title { get; } = title;
        public MachineVariant Variant { get; } = variant;
        public string Description { get; } = description;
        public List<StateInfo> States { get; } = new();
        public List<string> Initial { get; } = new();
        public List<Transition> Transitions { get; } = new();
        public Dictionary<string, List<ApiAction>> Permits { get; } = new(StringComparer.Ordinal);
        public List<string> Recovery { get; } = new();
    }

    /// <summary>A state name as an <see cref="IManilaStatus"/> (for builder calls that iterate declared states).</summary>
    private sealed record ManilaStatusName(string Value) : IManilaStatus
    {
        public static ManilaStatusName Of(string value) => new(value);
    }
}
