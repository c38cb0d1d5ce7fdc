// The pictures of a replayed schedule: a Mermaid sequenceDiagram and a self-contained HTML timeline (replay --format,
// and minimize writes both beside the smaller trace).
using SimManila.Scenarios;
using SimManila.Scenarios.Pictures;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Cli;

public static class Pictures
{
    public const string Mermaid = "mermaid", Html = "html";

    /// <summary>File extension of each picture format.</summary>
    public static string Extension(string format) => format == Html ? ".html" : ".mmd";

    public static string Render(string format, Scenario scenario, ConcurrencyPolicy policy, SimTrace trace, ReplayResult replay)
    {
        var title = $"{scenario.Name} under {CliOptions.Name(policy)}: iteration {trace.Iteration} of seed {trace.RunSeed} ({trace.Strategy})";
        var interleaving = Interleaving.From(title, replay.Log, replay.Bug);
        return format == Html ? HtmlTimeline.Render(interleaving) : MermaidSequence.Render(interleaving);
    }
}
