// Renders a machine as a Mermaid stateDiagram-v2 that GitHub displays: transitional and error states styled, guards on edges.
using System.Text;

namespace SimManila.StateMachines;

public static class MermaidExporter
{
    public const string AnyStateId = "any_state";

    /// <summary>Label suffix of a transition no run exercised, in a coverage diagram.</summary>
    public const string NotExercised = "(not exercised)";

    /// <summary>Label suffix of a transition no code of the service can fire yet (its trigger is not implemented).</summary>
    public const string NotImplemented = "(not implemented)";

    public static string Export(StateMachine machine) => Export(machine, null);

    /// <summary>
    /// With <paramref name="exercised"/> (which expanded edges (from, trigger, to) a run took) the diagram marks coverage:
    /// an unexercised transition's label ends in "(not exercised)", a from-any transition says from how many of its
    /// states it was exercised, and states no exercised transition touches get the dashed unexercisedState class.
    /// Mermaid state diagrams cannot style single edges, hence the labels. Null renders the plain diagram.
    /// With <paramref name="implemented"/> too (which triggers the service's code can fire), an unexercised transition no
    /// code can fire is labelled "(not implemented)" instead, and states only such transitions touch get the dotted
    /// notImplementedState class: what the scenarios could reach but do not is told apart from what nothing can reach yet.
    /// </summary>
    public static string Export(StateMachine machine, Func<(string From, string Trigger, string To), bool>? exercised,
        Func<string, bool>? implemented = null) => Render(machine, exercised, implemented, null);

    /// <summary>The transitions whose trigger <paramref name="includes"/> accepts, and only the states they touch: one
    /// operation's view of a large machine (OperationViews).</summary>
    public static string ExportView(StateMachine machine, Func<string, bool> includes)
    {
        ArgumentNullException.ThrowIfNull(includes);
        return Render(machine, null, null, includes);
    }

    private static string Render(StateMachine machine, Func<(string From, string Trigger, string To), bool>? exercised,
        Func<string, bool>? implemented, Func<string, bool>? includes)
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        var transitions = machine.Transitions.Where(t => includes is null || includes(t.Trigger)).ToList();
        // A view shows the states its transitions touch; the whole machine every state.
        var shown = includes is null
            ? machine.States.Select(s => s.Name).ToHashSet(StringComparer.Ordinal)
            : transitions.SelectMany(t => (t.FromAnyState ? [] : machine.SourcesOf(t)).Append(t.Target)).ToHashSet(StringComparer.Ordinal);
        HashSet<string>? touched = null, reachable = null;
        if (exercised is not null)
        {
            var edges = machine.Edges().ToList();
            var taken = edges.Where(e => exercised(e)).ToList();
            touched = taken.SelectMany(e => new[] { e.From, e.To }).ToHashSet(StringComparer.Ordinal);
            if (implemented is not null)
            {
                var possible = edges.Where(e => exercised(e) || implemented(e.Trigger)).ToList();
                reachable = possible.SelectMany(e => new[] { e.From, e.To }).ToHashSet(StringComparer.Ordinal);
                text.Append($"    %% coverage: {taken.Count} of {edges.Count} transitions exercised, {edges.Count - possible.Count} not implemented; " +
                            "the others are labelled, unreached states dashed, states no implemented transition touches dotted\n");
            }
            else
            {
                text.Append($"    %% coverage: {taken.Count} of {edges.Count} transitions exercised; the others are labelled as not exercised, unreached states are dashed\n");
            }
        }
        text.Append("    classDef transitionalState fill:#fff3cd,stroke:#b58900,color:#000\n");
        text.Append("    classDef errorState fill:#f8d7da,stroke:#c0392b,color:#000\n");
        text.Append("    classDef anyState fill:#eeeeee,stroke:#888888,stroke-dasharray:4,color:#000\n");
        if (exercised is not null)
            text.Append("    classDef unexercisedState fill:#f6f6f6,stroke:#999999,stroke-dasharray:4,color:#777777\n");
        if (reachable is not null)
            text.Append("    classDef notImplementedState fill:#ffffff,stroke:#bbbbbb,stroke-dasharray:1 3,color:#aaaaaa\n");
        if (transitions.Any(t => t.FromAnyState))
            text.Append($"    state \"any state\" as {AnyStateId}\n");
        foreach (var initial in machine.InitialStates.Where(shown.Contains))
            text.Append($"    [*] --> {initial}\n");
        foreach (var transition in transitions)
        {
            var label = DiagramText.Mermaid(DiagramText.Label(transition));
            if (transition.FromAnyState)
            {
                text.Append($"    {AnyStateId} --> {transition.Target} : {label}{Coverage(machine, transition, exercised, implemented)}\n");
                continue;
            }
            foreach (var source in transition.Sources)
            {
                var mark = exercised is null || exercised((source, transition.Trigger, transition.Target)) ? ""
                    : " " + (implemented is null || implemented(transition.Trigger) ? NotExercised : NotImplemented);
                text.Append($"    {source} --> {transition.Target} : {label}{mark}\n");
            }
        }
        foreach (var final in machine.States.Where(s => s.IsFinal && shown.Contains(s.Name)))
            text.Append($"    {final.Name} --> [*]\n");
        AppendClass(text, machine, StateKind.Transitional, "transitionalState", shown);
        AppendClass(text, machine, StateKind.Error, "errorState", shown);
        if (transitions.Any(t => t.FromAnyState))
            text.Append($"    class {AnyStateId} anyState\n");
        if (touched is not null && machine.States.Where(s => !touched.Contains(s.Name) && (reachable is null || reachable.Contains(s.Name)))
                .Select(s => s.Name).ToList() is { Count: > 0 } unreached)
            text.Append($"    class {string.Join(",", unreached)} unexercisedState\n");
        if (reachable is not null && machine.States.Where(s => !reachable.Contains(s.Name)).Select(s => s.Name).ToList() is { Count: > 0 } unimplemented)
            text.Append($"    class {string.Join(",", unimplemented)} notImplementedState\n");
        return text.ToString();
    }

    /// <summary>" (not exercised)" or " (exercised from k of n states)" for a from-any transition; "" when fully covered.</summary>
    private static string Coverage(StateMachine machine, Transition transition, Func<(string, string, string), bool>? exercised,
        Func<string, bool>? implemented)
    {
        if (exercised is null) return "";
        var sources = machine.SourcesOf(transition);
        int taken = sources.Count(s => exercised((s, transition.Trigger, transition.Target)));
        return taken == 0 ? " " + (implemented is null || implemented(transition.Trigger) ? NotExercised : NotImplemented)
            : taken == sources.Count ? "" : $" (exercised from {taken} of {sources.Count} states)";
    }

    private static void AppendClass(StringBuilder text, StateMachine machine, StateKind kind, string cssClass, HashSet<string> shown)
    {
        var names = machine.States.Where(s => s.Kind == kind && shown.Contains(s.Name)).Select(s => s.Name).ToList();
        if (names.Count > 0) text.Append($"    class {string.Join(",", names)} {cssClass}\n");
    }
}
