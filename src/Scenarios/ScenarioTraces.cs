// A scenario travels inside the traces of its runs: the trace's program description is the scenario file's text (one
// line), so `replay` and `minimize` rebuild the program from the trace alone, wherever the file went.
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios;

public static class ScenarioTraces
{
    static readonly JsonSerializerOptions OneLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The scenario as the program description its traces carry: the file ScenarioLoader writes, on one line.</summary>
    public static string Describe(Scenario scenario) => JsonNode.Parse(ScenarioLoader.ToJson(scenario))!.ToJsonString(OneLine);

    /// <summary>The trace with <paramref name="scenario"/> as its program description.</summary>
    public static SimTrace Embed(SimTrace trace, Scenario scenario) => trace with { ProgramDescription = Describe(scenario) };

    /// <summary>The scenario a trace carries, or null for a trace without one (written before traces carried them).
    /// A description that is not a scenario, or names another scenario than the trace's program, is a
    /// ScenarioFormatException naming <paramref name="shownAs"/>.</summary>
    public static Scenario? Embedded(SimTrace trace, string shownAs)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.ProgramDescription is not { } description) return null;
        var scenario = ScenarioLoader.Parse(description, $"{shownAs} (the scenario it carries)");
        var (name, _) = ProgramOf(trace);
        if (scenario.Name != name)
            throw new ScenarioFormatException(shownAs, "$.programDescription.name",
                $"the trace is of scenario '{name}' but carries scenario '{scenario.Name}'; expected the same name");
        return scenario;
    }

    /// <summary>A scenario trace's program name is "&lt;scenario&gt;/&lt;policy&gt;"; anything else is an ArgumentException.</summary>
    public static (string Scenario, ConcurrencyPolicy Policy) ProgramOf(SimTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return ProgramOf(trace.ProgramName);
    }

    /// <summary>The scenario and policy a program name ("&lt;scenario&gt;/&lt;policy&gt;") names, of any engine's trace.</summary>
    public static (string Scenario, ConcurrencyPolicy Policy) ProgramOf(string programName)
    {
        ArgumentNullException.ThrowIfNull(programName);
        int slash = programName.LastIndexOf('/');
        var policy = slash < 0 ? "" : programName[(slash + 1)..];
        if (slash <= 0 || policy is not ("legacy" or "guarded"))
            throw new ArgumentException($"the trace is of program '{programName}', not of a scenario run (expected '<scenario>/legacy' or '<scenario>/guarded')");
        return (programName[..slash], policy == "legacy" ? ConcurrencyPolicy.Legacy : ConcurrencyPolicy.Guarded);
    }
}
