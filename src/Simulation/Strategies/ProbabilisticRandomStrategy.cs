// Probabilistic random: keep running the last operation, switching to a random one with probability 1/8 per decision.
namespace SimManila.Simulation;

internal sealed class ProbabilisticRandomStrategy : RandomizedStrategy
{
    const int SwitchOneIn = 8;
    SimOperation? last;

    public override string Name => "prob-random";

    public override void BeginIteration(ulong seed, long iteration)
    {
        base.BeginIteration(seed, iteration);
        last = null;
    }

    public override int PickNext(Simulator sim, SimOperation[] ready, int count)
    {
        if (last is { ReadyIndex: >= 0 } current && Random.Next(SwitchOneIn) != 0) return current.ReadyIndex;
        int index = Random.Next(count);
        last = ready[index];
        return index;
    }
}
