// The programs the benchmarks run: the shape, 4 operations x 50 yields each.
using SimManila.Simulation;

namespace SimManila.Measurements;

public static class BenchPrograms
{
    public const int Operations = 4;
    public const int YieldsPerOperation = 50;

    static readonly Func<Simulator, Func<Task>> Worker = sim => async () =>
    {
        for (int i = 0; i < YieldsPerOperation; i++) await sim.Yield();
    };

    public static void FourByFifty(Simulator sim)
    {
        for (int k = 0; k < Operations; k++) sim.Spawn(OperationNames[k], Worker(sim));
    }

    static readonly string[] OperationNames = ["op0", "op1", "op2", "op3"];
}
