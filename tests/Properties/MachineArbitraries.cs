// Generators for the machine properties, as an FsCheck Arbitrary class: a lifecycle under a policy with the choices
// that steer a walk through it, and a (state, trigger) pick to fire illegally. Walks shrink to shorter walks.
using FsCheck;
using FsCheck.Fluent;
using SimManila.StateMachines;

namespace SimManila.Properties.Tests;

/// <summary>A walk through one machine: <paramref name="Start"/> picks the initial state, each step a permitted trigger.</summary>
public sealed record MachineWalk(LifecycleResource Resource, MachineVariant Variant, int Start, int[] Steps)
{
    public const int MaxSteps = 200;

    public override string ToString() => $"{Resource} ({Variant}) from initial #{Start}, steps [{string.Join(",", Steps)}]";
}

/// <summary>One machine and a number that picks a state and a trigger it does not permit there.</summary>
public sealed record IllegalFiring(LifecycleResource Resource, MachineVariant Variant, int Pick);

public static class MachineArbitraries
{
    private static Gen<LifecycleResource> Resources => Gen.Elements(Lifecycles.Resources.ToArray());
    private static Gen<MachineVariant> Variants => Gen.Elements(Lifecycles.Variants.ToArray());

    public static Arbitrary<MachineWalk> Walks() => Arb.From(
        from resource in Resources
        from variant in Variants
        from start in Gen.Choose(0, 1_000)
        from steps in Gen.ArrayOf(Gen.Choose(0, 1_000_000))
        select new MachineWalk(resource, variant, start, steps.Take(MachineWalk.MaxSteps).ToArray()),
        Shorter);

    public static Arbitrary<IllegalFiring> IllegalFirings() =>
        (from resource in Resources
         from variant in Variants
         from pick in Gen.Choose(0, 10_000)
         select new IllegalFiring(resource, variant, pick))
        .ToArbitrary();

    /// <summary>The walk's first half, then all but its last step: a failing prefix is the shortest story.</summary>
    private static IEnumerable<MachineWalk> Shorter(MachineWalk walk)
    {
        if (walk.Steps.Length > 1) yield return walk with { Steps = walk.Steps[..(walk.Steps.Length / 2)] };
        if (walk.Steps.Length > 0) yield return walk with { Steps = walk.Steps[..^1] };
    }
}
