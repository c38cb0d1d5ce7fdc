// A trace as the user gives it (a file, or the text of a compact or JSON trace) and the scenario it runs: --scenario
// when given, else the scenario the trace carries, else (a trace from before traces carried one) the catalogue's.
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Cli;

public sealed record TraceInput(SimTrace Trace, string ShownAs, bool IsFile, Scenario Scenario, ConcurrencyPolicy Policy, string ScenarioSource)
{
    /// <summary>Paths longer than this are taken as trace text, not as a file name.</summary>
    const int LongestPath = 4096;

    /// <summary>Loads the trace and resolves its scenario; every problem is a UsageException (exit 2).</summary>
    public static TraceInput Resolve(CliContext c, string text, string? scenarioOption)
    {
        var (trace, shownAs, isFile) = Load(c, text);
        ConcurrencyPolicy policy;
        string name;
        try
        {
            (name, policy) = ScenarioTraces.ProgramOf(trace);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        if (scenarioOption is not null) return new(trace, shownAs, isFile, c.Catalog.Resolve(scenarioOption), policy, $"--scenario {scenarioOption}");
        if (ScenarioTraces.Embedded(trace, shownAs) is { } carried) return new(trace, shownAs, isFile, carried, policy, "the trace");
        return new(trace, shownAs, isFile, c.Catalog.Named(name), policy, $"the catalogue ({c.Show(c.Catalog.Directory)}; the trace carries no scenario)");
    }

    static (SimTrace Trace, string ShownAs, bool IsFile) Load(CliContext c, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException("expected a trace file or a trace string, got an empty string");
        var trimmed = text.Trim();
        if (text.Length < LongestPath && !SimTrace.LooksCompact(trimmed) && !trimmed.StartsWith('{'))
        {
            var path = c.PathOf(text);
            if (Directory.Exists(path))
                throw new UsageException($"{text}: is a directory; expected a trace file (traces/*.json) or a compact 'sm1:...' trace string");
            if (!File.Exists(path))
                throw new UsageException($"trace file not found: {text}", "pass a trace file written by hunt, test or fuzz (traces/*.json), or a compact 'sm1:...' trace string");
            try
            {
                return (SimTrace.Load(path), text, true);
            }
            catch (TraceFormatException e)
            {
                throw new UsageException($"{text}: not a readable trace: {e.Message}");
            }
        }
        try
        {
            return (SimTrace.Parse(trimmed), "the trace string", false);
        }
        catch (TraceFormatException e)
        {
            throw new UsageException($"not a readable trace string: {e.Message}");
        }
    }
}
