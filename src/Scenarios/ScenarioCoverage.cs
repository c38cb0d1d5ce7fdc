// Which declared transitions and allowed API actions an exploration exercised, per lifecycle machine of the service:
// explores each scenario (bugs allowed, every iteration run), unions what each iteration's deployment recorded, and
// reports it as text and as Mermaid diagrams with the unexercised transitions marked, telling apart those no code of
// the service can fire yet (not implemented: ServiceTriggers) from those the scenarios never reach.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SimManila.Model;
using SimManila.Services;
using SimManila.Services.Storage;
using SimManila.Simulation;
using SimManila.StateMachines;

namespace SimManila.Scenarios;

/// <param name="Implemented">The service's code can fire the trigger (ServiceTriggers); an exercised edge always is.</param>
public sealed record EdgeCoverage(string From, string Trigger, string To, bool Exercised, bool Implemented)
{
    /// <summary>Implemented, yet no explored schedule took it: a scenario could, and none does.</summary>
    public bool NotReached => Implemented && !Exercised;
}

public sealed record ActionCoverage(string State, ApiAction Action, bool Exercised);

public sealed record MachineCoverage(StateMachine Machine, IReadOnlyList<EdgeCoverage> Edges, IReadOnlyList<ActionCoverage> Actions)
{
    public string Resource => Machine.Resource;
    public int EdgesExercised => Edges.Count(e => e.Exercised);
    public int EdgesNotReached => Edges.Count(e => e.NotReached);
    public int EdgesNotImplemented => Edges.Count(e => !e.Implemented);
    public int ActionsExercised => Actions.Count(a => a.Exercised);
    public double EdgePercent => Percent(EdgesExercised, Edges.Count);
    public double ActionPercent => Percent(ActionsExercised, Actions.Count);

    internal static double Percent(int part, int whole) => whole == 0 ? 100 : 100.0 * part / whole;
}

public sealed class CoverageReport
{
    readonly HashSet<(string, string, string, string)> taken;

    public ConcurrencyPolicy Policy { get; }
    public IReadOnlyList<string> Scenarios { get; }
    public long Schedules { get; }
    /// <summary>One entry per machine of the service (ServiceMachines), declared edges expanded (Edges()).</summary>
    public IReadOnlyList<MachineCoverage> Machines { get; }
    /// <summary>Status writes that applied but match no declared edge: Legacy overwrites (an undeclared move is the
    /// lifecycle-legality invariant's evidence; from = to is a rewrite it lets pass). Guarded writes none.</summary>
    public IReadOnlyList<TransitionTaken> Undeclared { get; }

    public CoverageReport(ConcurrencyPolicy policy, IReadOnlyList<string> scenarios, long schedules,
        IEnumerable<TransitionTaken> transitions, IEnumerable<ActionTaken> actions)
    {
        Policy = policy;
        Scenarios = scenarios;
        Schedules = schedules;
        var transitionSet = transitions.ToHashSet();
        var actionSet = actions.ToHashSet();
        taken = transitionSet.Select(t => (t.Machine, t.From, t.Trigger, t.To)).ToHashSet();
        var machines = ServiceMachines.For(policy).All;
        Machines = machines.Select(m => new MachineCoverage(m,
            m.Edges().Select(e =>
            {
                bool exercised = taken.Contains((m.Resource, e.From, e.Trigger, e.To));
                return new EdgeCoverage(e.From, e.Trigger, e.To, exercised, exercised || ServiceTriggers.CanFire(e.Trigger));
            }).ToList(),
            m.States.SelectMany(s => m.PermittedActions(s.Name).Select(a =>
                new ActionCoverage(s.Name, a, actionSet.Contains(new ActionTaken(m.Resource, s.Name, a))))).ToList())).ToList();
        var declared = machines.SelectMany(m => m.Edges().Select(e => (m.Resource, e.From, e.Trigger, e.To))).ToHashSet();
        Undeclared = transitionSet.Where(t => !declared.Contains((t.Machine, t.From, t.Trigger, t.To)))
            .OrderBy(t => t.ToString(), StringComparer.Ordinal).ToList();
    }

    public int EdgesExercised => Machines.Sum(m => m.EdgesExercised);
    public int EdgesDeclared => Machines.Sum(m => m.Edges.Count);
    /// <summary>Declared edges whose trigger the service's code can fire, exercised or not.</summary>
    public int EdgesImplemented => Machines.Sum(m => m.Edges.Count - m.EdgesNotImplemented);
    public int EdgesNotReached => Machines.Sum(m => m.EdgesNotReached);
    public int EdgesNotImplemented => Machines.Sum(m => m.EdgesNotImplemented);
    public int ActionsExercised => Machines.Sum(m => m.ActionsExercised);
    public int ActionsAllowed => Machines.Sum(m => m.Actions.Count);

    public MachineCoverage Machine(string resource) =>
        Machines.FirstOrDefault(m => m.Resource == resource)
        ?? throw new ArgumentException($"no machine '{resource}'; the service's machines: {string.Join(", ", Machines.Select(m => m.Resource))}", nameof(resource));

    /// <summary>Whether the run took this declared edge of the machine.</summary>
    public bool Exercised(string resource, string from, string trigger, string to) => taken.Contains((resource, from, trigger, to));

    static string Pct(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public string ToText()
    {
        var text = new StringBuilder();
        text.Append($"Coverage under {Policy} of {Scenarios.Count} scenario(s), {Schedules} schedules: ");
        text.Append($"transitions {EdgesExercised}/{EdgesDeclared} ({Pct(MachineCoverage.Percent(EdgesExercised, EdgesDeclared))}), ");
        text.Append($"allowed actions {ActionsExercised}/{ActionsAllowed} ({Pct(MachineCoverage.Percent(ActionsExercised, ActionsAllowed))})\n");
        text.Append($"  of the {EdgesDeclared - EdgesExercised} transitions not exercised: {EdgesNotReached} not reached (the service can fire them; ");
        text.Append($"no scenario gets there), {EdgesNotImplemented} not implemented (no code of the service fires their trigger yet)\n");
        text.Append($"  of the {EdgesImplemented} implemented transitions, {EdgesExercised} exercised ({Pct(MachineCoverage.Percent(EdgesExercised, EdgesImplemented))})\n");
        text.Append("  marks: [x] exercised, [ ] not reached, [-] not implemented\n");
        foreach (var m in Machines)
        {
            text.Append($"\n{m.Resource}: transitions {m.EdgesExercised}/{m.Edges.Count} ({Pct(m.EdgePercent)}; {m.EdgesNotReached} not reached, ");
            text.Append($"{m.EdgesNotImplemented} not implemented), actions {m.ActionsExercised}/{m.Actions.Count} ({Pct(m.ActionPercent)})\n");
            foreach (var e in m.Edges)
                text.Append($"  [{(e.Exercised ? "x" : e.Implemented ? " " : "-")}] {e.From} -> {e.To} by {e.Trigger}\n");
            foreach (var a in m.Actions)
                text.Append($"  [{(a.Exercised ? "x" : " ")}] {a.Action} in {a.State}\n");
        }
        if (Undeclared.Count > 0)
        {
            text.Append("\nwrites that match no declared transition (Legacy; a rewrite of the same status passes lifecycle-legality):\n");
            foreach (var u in Undeclared) text.Append($"  {u}\n");
        }
        return text.ToString();
    }

    /// <summary>The machine's Mermaid diagram: unexercised transitions labelled "(not exercised)" or, when no code fires
    /// them, "(not implemented)"; unreached states dashed, states only unimplemented transitions touch dotted.</summary>
    public string ToMermaid(string resource)
    {
        var machine = Machine(resource).Machine;
        return MermaidExporter.Export(machine, e => taken.Contains((machine.Resource, e.From, e.Trigger, e.To)), ServiceTriggers.CanFire);
    }

    /// <summary>Writes one "&lt;resource&gt;.mmd" per machine into <paramref name="directory"/>; returns the paths.</summary>
    public IReadOnlyList<string> WriteMermaid(string directory)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var paths = new List<string>();
        foreach (var m in Machines)
        {
            var path = Path.Combine(directory, m.Resource + ".mmd");
            File.WriteAllText(path, ToMermaid(m.Resource), utf8);
            paths.Add(path);
        }
        return paths;
    }
}

public static class ScenarioCoverage
{
    /// <summary>
    /// Explores each scenario under <paramref name="policy"/> with <paramref name="baseline"/>'s budget (every iteration
    /// runs: a bug does not stop the exploration) and reports the union of what the iterations exercised.
    /// </summary>
    public static CoverageReport Explore(IEnumerable<Scenario> scenarios, ConcurrencyPolicy policy, SimSettings baseline,
        DatabaseProvider database = DatabaseProvider.InMemory)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(baseline);
        // Iterations may run on several worker threads: each deployment records alone, then merges here.
        var transitions = new ConcurrentDictionary<TransitionTaken, byte>();
        var actions = new ConcurrentDictionary<ActionTaken, byte>();
        var names = new List<string>();
        long schedules = 0;
        foreach (var scenario in scenarios)
        {
            names.Add(scenario.Name);
            var program = ScenarioProgram.Build(scenario, policy, database, d => d.Sim.OnFinished(() =>
            {
                foreach (var t in d.Coverage.Transitions) transitions.TryAdd(t, 0);
                foreach (var a in d.Coverage.Actions) actions.TryAdd(a, 0);
            }));
            var settings = ScenarioProgram.Settings(scenario, policy, baseline) with { StopAtFirstBug = false };
            schedules += SimRunner.Explore(settings, program).Schedules;
        }
        return new CoverageReport(policy, names, schedules, transitions.Keys, actions.Keys);
    }
}
