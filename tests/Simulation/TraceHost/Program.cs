// Explores a fixed program from a seed and writes the first bug's trace: run twice, the files must be identical.
using SimManila.Simulation;

namespace SimManila.TraceHost;

public static class Program
{
    public static void Noisy(Simulator sim)
    {
        int total = 0;
        for (int n = 0; n < 6; n++)
        {
            string resource = "noise-" + n;
            sim.Spawn("noise" + n, async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    await sim.Read(resource);
                    if (sim.NextBool("jitter")) await sim.Delay(TimeSpan.FromMilliseconds(sim.NextInt(1, 50)));
                }
            });
        }
        for (int w = 0; w < 2; w++)
            sim.Spawn("worker" + w, async () =>
            {
                await sim.Read("total");
                int seen = total;
                await sim.Write("total");
                total = seen + 1;
            });
        sim.WhenQuiet(() => sim.Assert(total == 2, $"lost update: total {total}"));
    }

    public static SimTrace Explore(ulong seed)
    {
        var settings = new SimSettings { ProgramName = "trace-host-noisy", Seed = seed, Iterations = 10_000 };
        var summary = SimRunner.Explore(settings, Noisy);
        return summary.FirstBug?.Trace ?? throw new InvalidOperationException("no bug found");
    }

    public static int Main(string[] args)
    {
        if (args.Length != 2 || !ulong.TryParse(args[1], out var seed))
        {
            Console.Error.WriteLine("usage: SimManila.TraceHost <output.json> <seed>");
            return 2;
        }
        Explore(seed).Save(args[0]);
        return 0;
    }
}
