// Renders a machine as a Mermaid stateDiagram-v2 that GitHub displays: transitional and error states styled, guards on edges.
using System.Text;

namespace SimManila.StateMachines;

public static class MermaidExporter
{
    public const string AnyStateId = "any_state";

    public static string Export(StateMachine machine)
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        text.Append("    classDef transitionalState fill:#fff3cd,stroke:#b58900,color:#000\n");
        text.Append("    classDef errorState fill:#f8d7da,stroke:#c0392b,color:#000\n");
        text.Append("    classDef anyState fill:#eeeeee,stroke:#888888,stroke-dasharray:4,color:#000\n");
        if (machine.Transitions.Any(t => t.FromAnyState))
            text.Append($"    state \"any state\" as {AnyStateId}\n");
        foreach (var initial in machine.InitialStates)
            text.Append($"    [*] --> {initial}\n");
        foreach (var transition in machine.Transitions)
        {
            var label = DiagramText.Mermaid(DiagramText.Label(transition));
            var sources = transition.FromAnyState ? [AnyStateId] : transition.Sources;
            foreach (var source in sources)
                text.Append($"    {source} --> {transition.Target} : {label}\n");
        }
        foreach (var final in machine.States.Where(s => s.IsFinal))
            text.Append($"    {final.Name} --> [*]\n");
        AppendClass(text, machine, StateKind.Transitional, "transitionalState");
        AppendClass(text, machine, StateKind.Error, "errorState");
        if (machine.Transitions.Any(t => t.FromAnyState))
            text.Append($"    class {AnyStateId} anyState\n");
        return text.ToString();
    }

    private static void AppendClass(StringBuilder text, StateMachine machine, StateKind kind, string cssClass)
    {
        var names = machine.States.Where(s => s.Kind == kind).Select(s => s.Name).ToList();
        if (names.Count > 0) text.Append($"    class {string.Join(",", names)} {cssClass}\n");
    }
}
