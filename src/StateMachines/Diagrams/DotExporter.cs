// Renders a machine as Graphviz DOT with the same styling as the Mermaid diagram.
using System.Text;

namespace SimManila.StateMachines;

public static class DotExporter
{
    public static string Export(StateMachine machine)
    {
        var name = $"{machine.Resource}_{machine.Variant.ToString().ToLowerInvariant()}";
        var text = new StringBuilder();
        text.Append($"digraph {name} {{\n");
        text.Append("    rankdir=LR;\n");
        text.Append("    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n");
        text.Append("    edge [fontname=\"Helvetica\", fontsize=10];\n");
        text.Append("    \"__start\" [shape=point, label=\"\"];\n");
        foreach (var state in machine.States)
        {
            var style = state.Kind switch
            {
                StateKind.Transitional => "fillcolor=\"#fff3cd\", color=\"#b58900\"",
                StateKind.Error => "fillcolor=\"#f8d7da\", color=\"#c0392b\"",
                _ => "fillcolor=\"#ffffff\"",
            };
            if (state.IsFinal) style += ", peripheries=2";
            text.Append($"    \"{state.Name}\" [{style}];\n");
        }
        if (machine.Transitions.Any(t => t.FromAnyState))
            text.Append("    \"__any\" [label=\"any state\", style=\"rounded,dashed,filled\", fillcolor=\"#eeeeee\"];\n");
        foreach (var initial in machine.InitialStates)
            text.Append($"    \"__start\" -> \"{initial}\";\n");
        foreach (var transition in machine.Transitions)
        {
            var label = transition.Guard.Length == 0
                ? DiagramText.Dot(transition.Trigger)
                : $"{DiagramText.Dot(transition.Trigger)}\\n[{DiagramText.Dot(transition.Guard)}]";
            var sources = transition.FromAnyState ? ["__any"] : transition.Sources;
            foreach (var source in sources)
                text.Append($"    \"{source}\" -> \"{transition.Target}\" [label=\"{label}\"];\n");
        }
        text.Append("}\n");
        return text.ToString();
    }
}
