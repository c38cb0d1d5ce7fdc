// Asks a lifecycle's Stateless machine itself (a fresh definition, not the compiled table the service reads) what it
// permits in a state and where a trigger leads, so the machine properties run against Stateless.
using SimManila.StateMachines;

namespace SimManila.Properties.Tests;

internal sealed class StatelessProbe
{
    public const string ResourceId = "probe-1";

    public LifecycleDefinition Definition { get; }
    /// <summary>Every trigger the machine knows, ordinal order.</summary>
    public IReadOnlyList<string> Triggers { get; }

    private StatelessProbe(LifecycleDefinition definition)
    {
        Definition = definition;
        Triggers = definition.Machine.GetInfo().States.SelectMany(s => s.FixedTransitions)
            .Select(t => (string)t.Trigger.UnderlyingTrigger).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public static StatelessProbe Of(LifecycleResource resource, MachineVariant variant) => new(Lifecycles.Define(resource, variant));

    /// <summary>The triggers Stateless's CanFire accepts in <paramref name="state"/>, ordinal order.</summary>
    public IReadOnlyList<string> Permitted(string state) => Triggers.Where(t => Definition.In(state).CanFire(t)).ToList();

    public string Fire(string state, string trigger) => Definition.Fire(ResourceId, state, trigger);

    /// <summary>States reached from <paramref name="starts"/> by firing what Stateless permits (only triggers <paramref name="useTrigger"/> accepts).</summary>
    public HashSet<string> ReachableFrom(IEnumerable<string> starts, Func<string, bool>? useTrigger = null)
    {
        var seen = new HashSet<string>(starts);
        var queue = new Queue<string>(seen);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var trigger in Permitted(state))
            {
                if (useTrigger is not null && !useTrigger(trigger)) continue;
                var next = Fire(state, trigger);
                if (seen.Add(next)) queue.Enqueue(next);
            }
        }
        return seen;
    }
}
