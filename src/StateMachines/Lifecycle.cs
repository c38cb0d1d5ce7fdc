// A typed face on a StateMachine, so the service works with status values instead of strings.
using SimManila.Model;

namespace SimManila.StateMachines;

public sealed class Lifecycle<TStatus> where TStatus : ManilaStatus<TStatus>
{
    public StateMachine Machine { get; }

    public Lifecycle(StateMachine machine)
    {
        foreach (var state in machine.States)
            if (!ManilaStatus<TStatus>.TryParse(state.Name, out _))
                throw new InvalidOperationException($"{machine}: state '{state.Name}' is not a {typeof(TStatus).Name}");
        Machine = machine;
    }

    public TStatus Initial => ManilaStatus<TStatus>.Parse(Machine.Initial);
    public bool IsState(TStatus state) => Machine.IsState(state.Value);
    public StateKind KindOf(TStatus state) => Machine.KindOf(state.Value);
    public bool CanFire(TStatus state, string trigger) => Machine.CanFire(state.Value, trigger);
    public IReadOnlyList<string> AllowedTriggers(TStatus state) => Machine.AllowedTriggers(state.Value);
    public bool IsDeclared(TStatus from, TStatus to) => Machine.IsDeclared(from.Value, to.Value);
    public bool Permits(TStatus state, ApiAction action) => Machine.Permits(state.Value, action);

    public TStatus Fire(string resourceId, TStatus state, string trigger) =>
        ManilaStatus<TStatus>.Parse(Machine.Fire(resourceId, state.Value, trigger));

    /// <summary>States from which <paramref name="trigger"/> may fire: the "expected" set of a conditional update.</summary>
    public IReadOnlyList<TStatus> SourcesOf(string trigger) => Machine.States
        .Where(s => Machine.CanFire(s.Name, trigger))
        .Select(s => ManilaStatus<TStatus>.Parse(s.Name)).ToList();
}
