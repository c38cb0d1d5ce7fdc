// `simmanila bench`: the quick throughput figures (the same measurements as `dotnet run -c Release --project bench --
// quick`) as a table, or as the one JSON line with --json.
using System.CommandLine;
using SimManila.Measurements;
using Spectre.Console;

namespace SimManila.Cli.Commands;

public static class BenchCommand
{
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var json = new Option<bool>("--json") { Description = "Print the one JSON line of `bench quick` instead of a table" };
        var only = new Option<string[]>("--only")
        {
            Description = $"Run only these measurements ({string.Join(", ", QuickMode.Measurements.Select(m => m.Name))}; repeatable)",
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = true,
        };
        var scale = new Option<double>("--time-scale")
        {
            Description = "Multiply every measuring duration (1 = the published figures; smaller only checks that it runs)",
            DefaultValueFactory = _ => 1.0,
            Hidden = true,
        };
        var command = new Command("bench", "Quick throughput figures: engine steps/s and schedules/s, service and topology schedules/s, the service under Coyote") { json, only, scale };
        command.SetAction(p =>
        {
            var c = context(p);
            var names = c.Get(only) ?? [];
            var known = QuickMode.Measurements.Select(m => m.Name).ToList();
            foreach (var name in names.Where(n => !known.Contains(n)))
                throw new UsageException($"--only: unknown measurement '{name}'", $"expected one of {string.Join(", ", known)}");
            double timeScale = c.Get(scale);
            if (!(timeScale > 0 && timeScale <= 100)) throw new UsageException($"--time-scale: expected a number in (0, 100], got {timeScale}");
            var measurements = QuickMode.Measurements.Where(m => names.Length == 0 || names.Contains(m.Name)).ToList();
            if (!c.Get(json) && !c.Rich) c.Err.WriteLine($"simmanila: measuring {string.Join(", ", measurements.Select(m => m.Name))} (up to {Math.Ceiling(timeScale * measurements.Sum(m => m.Name == "engine" ? 4 * 34.0 : 34.0))}s: each warms up until the JIT is quiet)...");
            SortedDictionary<string, object> results = null!;
            if (c.Rich && !c.Get(json))
                c.Console.Status().Start("measuring...", _ => results = QuickMode.Measure(measurements, timeScale));
            else
                results = QuickMode.Measure(measurements, timeScale);
            if (c.Get(json))
            {
                c.Out.WriteLine(QuickMode.ToJson(results));
                return SimManilaCli.Ok;
            }
            var table = c.NewTable("Measurement", "Value");
            foreach (var (key, value) in results) table.AddRow(key, QuickMode.Format(value));
            table.Write();
            c.Line($"{Environment.ProcessorCount} cores; figures are single-threaded (one core)");
            // The CLI runs without tiering because most hunts are short; the published steady-state figures use it.
            if (!QuickMode.TieredCompilation)
                c.Line("Tiered compilation is off in this process; 'dotnet run -c Release --project bench -- quick' measures with it, as published.");
            if (!Optimized) c.Line("A Debug build: run 'dotnet run -c Release --project src/Cli -- bench' for figures comparable with the published ones.");
            return SimManilaCli.Ok;
        });
        return command;
    }

    /// <summary>Whether the measured code was compiled with optimizations (a Release build).</summary>
    static bool Optimized =>
        typeof(QuickMode).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().All(a => !a.IsJITOptimizerDisabled);
}
