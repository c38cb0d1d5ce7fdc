// A report a developer can act on, for one bug found in a scenario: the invariant, the resources involved, the
// interleaving as numbered steps (who did what: API calls, status changes, driver calls), and where the trace is.
using System.Text;
using System.Text.RegularExpressions;
using SimManila.Scenarios.Invariants;
using SimManila.Simulation;

namespace SimManila.Scenarios;

public sealed partial record FindingReport(
    string Scenario, string Policy, string? Invariant, string Meaning, BugKind Kind, string Message,
    IReadOnlyList<string> Resources, IReadOnlyList<string> Story, int FailingStep, string? TracePath, string CompactTrace)
{
    [GeneratedRegex(@"\b(share|instance|snapshot|snapinstance|access|mapping|server|replica|network|subnet|group)-\d+\b")]
    private static partial Regex ResourceId();

    /// <summary>Replays the bug's trace with the step log on and keeps the steps that tell the story.</summary>
    public static FindingReport Build(Scenario scenario, SimManila.Services.ConcurrencyPolicy policy, BugReport bug,
        Action<Simulator> program, string? tracePath)
    {
        var replay = SimRunner.Replay(bug.Trace, program, produceLog: true);
        var invariant = InvariantCatalog.NameIn(bug.Message);
        var story = new List<string>();
        foreach (var step in replay.Log)
        {
            // Steps without a note are bare scheduling points; the ones with a note say what happened.
            if (step.Note is null) continue;
            var line = $"{step.Index,4}. [{step.Time.TotalSeconds,8:0.000}s] {step.OperationName}: {step.Note}";
            story.Add(step.Index == bug.Step ? line + "   <== violation" : line);
        }
        var resources = ResourceId().Matches(bug.Message).Select(m => m.Value).Distinct().ToList();
        return new FindingReport(scenario.Name, policy.ToString(), invariant,
            invariant is null ? "" : InvariantCatalog.Find(invariant)?.Meaning ?? "",
            bug.Kind, bug.Message, resources, story, bug.Step, tracePath, bug.Trace.ToCompactString());
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.Append($"Scenario {Scenario} under {Policy}: {(Invariant is null ? Kind.ToString() : "invariant " + Invariant)} broken at step {FailingStep}\n");
        if (Meaning.Length > 0) text.Append($"  what must hold: {Meaning}\n");
        text.Append($"  what happened: {Message}\n");
        if (Resources.Count > 0) text.Append($"  resources: {string.Join(", ", Resources)}\n");
        text.Append("  interleaving:\n");
        foreach (var line in Story) text.Append("    ").Append(line).Append('\n');
        text.Append($"  trace: {TracePath ?? "(not written)"}\n");
        text.Append($"  replay: {CompactTrace}\n");
        return text.ToString();
    }
}
