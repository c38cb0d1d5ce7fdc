// Generates docs/state-machines: one page per resource (diagrams per policy, DOT, transition and action tables), an
// index, and beside each page Stateless's own Mermaid and DOT output for each policy, linked from the page.
using System.Text;
using Stateless.Graph;

namespace SimManila.StateMachines;

public static class DocsGenerator
{
    public const string Header =
        "<!-- Generated from src/StateMachines/Definitions by DocsGenerator. Do not edit: regenerate with "
        + "`SIMMANILA_UPDATE_DOCS=1 dotnet test tests/Properties`. -->\n";

    /// <summary>Relative path (within docs/state-machines) → content, ordinal order, "\n" line endings.</summary>
    public static IReadOnlyDictionary<string, string> Render()
    {
        var pages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in Lifecycles.Resources)
        {
            var legacy = Lifecycles.Get(resource, MachineVariant.Legacy);
            var guarded = Lifecycles.Get(resource, MachineVariant.Guarded);
            pages[FileName(legacy)] = Page(legacy, guarded);
        }
        pages["index.md"] = Index();
        return pages;
    }

    /// <summary>File name patterns of everything generated here, for finding stale files.</summary>
    public static IReadOnlyList<string> GeneratedPatterns { get; } = ["*.md", "*" + StatelessMermaid, "*" + StatelessDot];

    private const string StatelessMermaid = ".stateless.mmd";
    private const string StatelessDot = ".stateless.dot";

    /// <summary>Stateless's own rendering of every machine under each policy: file name → content, "\n" line endings.</summary>
    public static IReadOnlyDictionary<string, string> RenderStatelessGraphs()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in Lifecycles.Resources)
            foreach (var variant in Lifecycles.Variants)
            {
                var machine = Lifecycles.Get(resource, variant);
                files[StatelessFileName(machine, StatelessMermaid)] = Normalised(MermaidGraph.Format(machine.Info));
                files[StatelessFileName(machine, StatelessDot)] = Normalised(UmlDotGraph.Format(machine.Info));
            }
        return files;
    }

    /// <summary>The pages and Stateless's graphs together: everything <see cref="WriteAll"/> writes.</summary>
    public static IReadOnlyDictionary<string, string> RenderAll() =>
        Render().Concat(RenderStatelessGraphs()).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    /// <summary>Writes every file into <paramref name="directory"/> and removes generated files that no longer exist.</summary>
    public static void WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        var files = RenderAll();
        foreach (var stale in GeneratedPatterns.SelectMany(p => Directory.GetFiles(directory, p)))
            if (!files.ContainsKey(Path.GetFileName(stale))) File.Delete(stale);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        foreach (var (path, content) in files)
            File.WriteAllText(Path.Combine(directory, path), content, utf8);
    }

    public static string FileName(StateMachine machine) => machine.Resource + ".md";

    private static string StatelessFileName(StateMachine machine, string suffix) =>
        $"{machine.Resource}.{machine.Variant.ToString().ToLowerInvariant()}{suffix}";

    private static string Normalised(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";

    private static string Page(StateMachine legacy, StateMachine guarded)
    {
        var text = new StringBuilder(Header);
        text.Append($"# {legacy.Title}\n\n");
        text.Append(legacy.Description).Append("\n\n");
        text.Append("Resource kind `").Append(legacy.Resource).Append("`; initial states: ")
            .Append(string.Join(", ", legacy.InitialStates.Select(s => $"`{s}`"))).Append(". ");
        text.Append("Styling: transitional states amber, error states red, final states (row deleted) end in `[*]`; ");
        text.Append("`any state` stands for every non-final state except the target. Edge labels read `trigger [guard]`; ");
        text.Append("triggers are prefixed by who fires them (`api.`, `mgr.` share manager, `periodic.`, `scheduler.`, `db.`, `data.`, `admin.`).\n\n");

        var legacyMermaid = MermaidExporter.Export(legacy);
        var guardedMermaid = MermaidExporter.Export(guarded);
        if (legacyMermaid == guardedMermaid)
        {
            text.Append("## Diagram (Legacy and Guarded: identical)\n\n```mermaid\n").Append(legacyMermaid).Append("```\n\n");
        }
        else
        {
            text.Append("## Diagram: Legacy\n\n```mermaid\n").Append(legacyMermaid).Append("```\n\n");
            text.Append("## Diagram: Guarded\n\n```mermaid\n").Append(guardedMermaid).Append("```\n\n");
        }

        AppendOperationViews(text, legacy, guarded);

        text.Append("## States\n\n| State | Kind | Legacy | Guarded | Note |\n|---|---|---|---|---|\n");
        foreach (var name in Union(legacy.States.Select(s => s.Name), guarded.States.Select(s => s.Name)))
        {
            var state = legacy.IsState(name) ? legacy.State(name) : guarded.State(name);
            var kind = state.IsFinal ? "final" : state.Kind.ToString().ToLowerInvariant();
            text.Append($"| `{name}` | {kind} | {Mark(legacy.IsState(name))} | {Mark(guarded.IsState(name))} | {DiagramText.Cell(state.Note)} |\n");
        }

        text.Append("\n## Transitions\n\n| Trigger | From | To | Guard | Legacy | Guarded |\n|---|---|---|---|---|---|\n");
        var legacyKeys = legacy.Transitions.Select(t => t.Key).ToHashSet();
        var guardedKeys = guarded.Transitions.Select(t => t.Key).ToHashSet();
        var transitions = legacy.Transitions.Concat(guarded.Transitions.Where(t => !legacyKeys.Contains(t.Key)));
        foreach (var t in transitions)
        {
            var from = t.FromAnyState ? "*any state*" : string.Join(", ", t.Sources.Select(s => $"`{s}`"));
            text.Append($"| `{t.Trigger}` | {from} | `{t.Target}` | {DiagramText.Cell(t.Guard)} | {Mark(legacyKeys.Contains(t.Key))} | {Mark(guardedKeys.Contains(t.Key))} |\n");
        }

        text.Append("\n## Allowed API actions per state\n\n| State | Legacy | Guarded |\n|---|---|---|\n");
        foreach (var name in Union(legacy.States.Select(s => s.Name), guarded.States.Select(s => s.Name)))
            text.Append($"| `{name}` | {Actions(legacy, name)} | {Actions(guarded, name)} |\n");

        text.Append("\n## Graphviz DOT\n\n");
        foreach (var machine in legacyMermaid == guardedMermaid ? [legacy] : new[] { legacy, guarded })
        {
            var title = legacyMermaid == guardedMermaid ? "Legacy and Guarded" : machine.Variant.ToString();
            text.Append($"<details><summary>{title}</summary>\n\n```dot\n").Append(DotExporter.Export(machine)).Append("```\n\n</details>\n\n");
        }

        text.Append("## As Stateless draws it\n\n");
        text.Append("Stateless's own `MermaidGraph.Format` and `UmlDotGraph.Format` of the machine's `GetInfo()`: every permitted ");
        text.Append("transition with its guard description, unstyled, a from-any transition drawn once per source state, only the ");
        text.Append("first initial state, and labels as Stateless writes them (the diagrams above escape `;`, `:` and `#` for Mermaid's ");
        text.Append("parser; these files do not, so a label with a `;` may stop a Mermaid renderer).\n\n");
        foreach (var machine in new[] { legacy, guarded })
            text.Append($"- {machine.Variant}: [Mermaid]({StatelessFileName(machine, StatelessMermaid)}), [DOT]({StatelessFileName(machine, StatelessDot)})\n");
        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>"## Per operation": a small diagram per operation of a large machine (OperationViews), per policy where
    /// the policies differ within it.</summary>
    private static void AppendOperationViews(StringBuilder text, StateMachine legacy, StateMachine guarded)
    {
        var views = OperationViews.For(legacy).Concat(OperationViews.For(guarded)).Distinct().ToList();
        if (views.Count == 0) return;
        text.Append("## Per operation\n\n");
        text.Append("The whole diagram above is dense; each view below keeps only the transitions of one operation (chosen by ");
        text.Append("their triggers) and the states they touch. A transition may belong to two views (a replica delete is both).\n\n");
        foreach (var view in OperationViews.All.Where(views.Contains))
        {
            var legacyView = MermaidExporter.ExportView(legacy, view.Includes);
            var guardedView = MermaidExporter.ExportView(guarded, view.Includes);
            if (legacyView == guardedView)
            {
                text.Append($"### {view.Title} (Legacy and Guarded: identical)\n\n```mermaid\n").Append(legacyView).Append("```\n\n");
                continue;
            }
            foreach (var (machine, diagram) in new[] { (legacy, legacyView), (guarded, guardedView) })
                text.Append($"### {view.Title}: {machine.Variant}\n\n").Append(machine.Transitions.Any(t => view.Includes(t.Trigger))
                    ? $"```mermaid\n{diagram}```\n\n" : $"No such transition under {machine.Variant}.\n\n");
        }
    }

    private static string Index()
    {
        var text = new StringBuilder(Header);
        text.Append("# Lifecycle state machines\n\n");
        text.Append("Each page is generated from one definition in `src/StateMachines/Definitions`, the same definition the ");
        text.Append("service enforces on every status write and the harness checks as the lifecycle-legality invariant. ");
        text.Append("Legacy is Manila as it is; Guarded is the Ocata race-prevention design (conditional updates, a share is ");
        text.Append("`snapshotting` while a snapshot is taken, share servers show their setup phases). A test regenerates these ");
        text.Append("pages and fails when they differ from the committed ones.\n\n");
        text.Append("| Resource | Page | States (Legacy / Guarded) | Transitions (Legacy / Guarded) | Guards (Legacy / Guarded) | Policies differ |\n|---|---|---|---|---|---|\n");
        foreach (var resource in Lifecycles.Resources)
        {
            var legacy = Lifecycles.Get(resource, MachineVariant.Legacy);
            var guarded = Lifecycles.Get(resource, MachineVariant.Guarded);
            var differ = MermaidExporter.Export(legacy) != MermaidExporter.Export(guarded);
            text.Append($"| {legacy.Title} | [{FileName(legacy)}]({FileName(legacy)}) | {legacy.States.Count} / {guarded.States.Count} | ");
            text.Append($"{StatelessTransitions(legacy, false)} / {StatelessTransitions(guarded, false)} | ");
            text.Append($"{StatelessTransitions(legacy, true)} / {StatelessTransitions(guarded, true)} | {(differ ? "yes" : "no")} |\n");
        }
        text.Append("\nCounts are as Stateless holds them: one permitted transition per source state (a transition written from several ");
        text.Append("states, or from any state, counts once per source); a guard is a transition that carries a guard description.\n");
        return text.ToString();
    }

    /// <summary>Permitted transitions in the machine's Stateless model; with <paramref name="guardedOnly"/>, those with a guard description.</summary>
    private static int StatelessTransitions(StateMachine machine, bool guardedOnly) => machine.Info.States
        .SelectMany(s => s.FixedTransitions)
        .Count(t => !guardedOnly || t.GuardConditionsMethodDescriptions.Any());

    private static IEnumerable<string> Union(IEnumerable<string> first, IEnumerable<string> second) =>
        first.Concat(second).Distinct();

    private static string Mark(bool present) => present ? "yes" : "-";

    private static string Actions(StateMachine machine, string state) => !machine.IsState(state)
        ? "(no such state)"
        : machine.PermittedActions(state) is { Count: > 0 } actions ? string.Join(", ", actions) : "none";
}
