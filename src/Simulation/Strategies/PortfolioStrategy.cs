// The default strategy: iteration i runs strategy i mod 4 of (random, PCT, POS, probabilistic random).
namespace SimManila.Simulation;

internal sealed class PortfolioStrategy : SchedulingStrategy
{
    readonly SchedulingStrategy[] members;
    SchedulingStrategy current;

    public PortfolioStrategy(int pctDepth, int estimatedDecisions)
    {
        members = [new RandomStrategy(), new PctStrategy(pctDepth, estimatedDecisions), new PosStrategy(), new ProbabilisticRandomStrategy()];
        current = members[0];
    }

    public override string Name => "portfolio/" + current.Name;

    public static string MemberName(long iteration) => (iteration % 4) switch { 0 => "random", 1 => "pct", 2 => "pos", _ => "prob-random" };

    public override void BeginIteration(ulong seed, long iteration)
    {
        current = members[(int)(iteration % members.Length)];
        current.BeginIteration(seed, iteration);
    }

    public override bool EndIteration() => current.EndIteration();
    public override void OnSpawn(SimOperation op) => current.OnSpawn(op);
    public override void OnEnabled(SimOperation op) => current.OnEnabled(op);
    public override int PickNext(Simulator sim, SimOperation[] ready, int count) => current.PickNext(sim, ready, count);
    public override void OnStepped(SimOperation op, PointKind kind, string? resource, SimOperation[] ready, int count) =>
        current.OnStepped(op, kind, resource, ready, count);
    public override bool ChooseBool(Simulator sim, double probability) => current.ChooseBool(sim, probability);
    public override int ChooseInt(Simulator sim, int minInclusive, int maxExclusive) => current.ChooseInt(sim, minInclusive, maxExclusive);
}
