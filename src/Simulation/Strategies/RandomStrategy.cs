// Random walk: at each decision pick uniformly among the ready operations.
namespace SimManila.Simulation;

internal sealed class RandomStrategy : RandomizedStrategy
{
    public override string Name => "random";

    public override int PickNext(Simulator sim, SimOperation[] ready, int count) => Random.Next(count);
}
