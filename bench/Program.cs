// Entry point: `quick` prints one JSON line, `memory` measures working set over 1,000,000 schedules, else BenchmarkDotNet.
using BenchmarkDotNet.Running;
using SimManila.Measurements;

namespace SimManila.Bench;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["quick", ..]) return QuickMode.Run(QuickMode.Measurements);
        if (args is ["memory", ..]) return QuickMode.Run([new MemoryFlatness()]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
