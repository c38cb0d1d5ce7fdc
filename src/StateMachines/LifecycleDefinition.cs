// One lifecycle as defined: the Stateless machine that is its source of truth (states, transitions, guard
// descriptions, re-entries) and the metadata record beside it; compiled once into the table the service reads.
using StatelessMachine = Stateless.StateMachine<string, string>;

namespace SimManila.StateMachines;

public sealed class LifecycleDefinition
{
    // The Stateless machine keeps its state here, so a probe can put it in any state; one thread at a time.
    private string current;
    private string firingResourceId = "";
    private readonly HashSet<string> declared;

    public StatelessMachine Machine { get; }
    public LifecycleMetadata Metadata { get; }

    internal LifecycleDefinition(LifecycleMetadata metadata)
    {
        Metadata = metadata;
        declared = metadata.States.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        current = metadata.InitialStates[0];
        Machine = new StatelessMachine(() => current, state => current = state, Stateless.FiringMode.Immediate);
        Machine.OnUnhandledTrigger((state, trigger) =>
            throw new IllegalTransitionException(Metadata.Resource, firingResourceId, state, trigger));
    }

    /// <summary>The table the service reads, derived from Stateless's <c>GetInfo()</c> and the metadata.</summary>
    public StateMachine Compile() => new(Metadata, Machine.GetInfo());

    /// <summary>The Stateless machine put in <paramref name="state"/>, to ask what it permits there (tests and tools, not the hot path).</summary>
    public StatelessMachine In(string state)
    {
        // Stateless would add an unknown state to its configuration on the first question about it.
        if (!declared.Contains(state)) throw new ArgumentException($"{this}: '{state}' is not a declared state", nameof(state));
        current = state;
        return Machine;
    }

    /// <summary>
    /// Fires <paramref name="trigger"/> through Stateless from <paramref name="state"/>: the new state, or the same
    /// <see cref="IllegalTransitionException"/> the compiled machine raises when Stateless does not permit it.
    /// </summary>
    public string Fire(string resourceId, string state, string trigger)
    {
        firingResourceId = resourceId;
        In(state).Fire(trigger);
        return current;
    }

    public override string ToString() => $"{Metadata.Resource} ({Metadata.Variant})";
}
