// Entry point: `quick [name...]` prints one JSON line (all measurements, or the named ones), `memory` measures working
// set over 1,000,000 schedules, `first-bug` tabulates schedules to the first bug per scenario and strategy, else
// BenchmarkDotNet.
using BenchmarkDotNet.Running;
using SimManila.Measurements;

namespace SimManila.Bench;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["quick", .. var names])
        {
            var unknown = names.Where(n => QuickMode.Measurements.All(m => m.Name != n)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"bench quick: unknown measurement '{unknown[0]}'; expected one of {string.Join(", ", QuickMode.Measurements.Select(m => m.Name))}");
                return 2;
            }
            return QuickMode.Run(QuickMode.Measurements.Where(m => names.Length == 0 || names.Contains(m.Name)));
        }
        if (args is ["memory", ..]) return QuickMode.Run([new MemoryFlatness()]);
        if (args is ["first-bug", .. var options]) return FirstBugMode.Run(options);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
