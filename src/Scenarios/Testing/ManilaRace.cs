// The library's entry point for a race test of your own, in a few lines of xunit: build a deployment, set it up, race
// calls, explore with a strategy and a budget, every invariant of the catalogue wired. A failure throws with the
// interleaving narrated step by step and the trace written, replayable with SimRunner.Replay(trace, Program(...)).
//
//   var summary = ManilaRace.AssertNoBug(new ManilaRaceSettings { Policy = ConcurrencyPolicy.Guarded, Schedules = 300 },
//       async manila =>
//       {
//           var share = await manila.Client.CreateShare(1);
//           await manila.Settle();
//           manila.Race("delete-1", c => c.DeleteShare(share.Resource!.Id, worker: 1));
//           manila.Race("delete-2", c => c.DeleteShare(share.Resource!.Id, worker: 2));
//       });
using System.Text;
using SimManila.Scenarios.Invariants;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios.Testing;

public static class ManilaRace
{
    /// <summary>Steps of the narrated interleaving a failure message keeps (the last ones, the failing step among them).</summary>
    const int StoryLines = 150;

    /// <summary>The simulated program: each schedule builds a fresh deployment, wires the invariants and runs
    /// <paramref name="body"/> as the set-up operation (faults disarmed until its first Race).</summary>
    public static Action<Simulator> Program(ManilaRaceSettings settings, Func<ManilaWorld, Task> body)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(body);
        var topology = settings.ToTopology();
        return sim =>
        {
            var deployment = Deployment.Create(sim, topology);
            var invariants = InvariantWiring.Attach(sim, deployment);
            var world = new ManilaWorld(sim, deployment, invariants);
            sim.Spawn("setup", async () =>
            {
                deployment.Faults.Armed = false;
                await body(world);
            });
        };
    }

    /// <summary>Explores <paramref name="settings"/>.Schedules schedules; returns the summary when none broke an
    /// invariant, else throws SimulationBugException: the violation, what must hold, the interleaving step by step, the
    /// trace file (under SimTest.TraceDirectory) and the compact trace.</summary>
    public static RunSummary AssertNoBug(ManilaRaceSettings settings, Func<ManilaWorld, Task> body)
    {
        var program = Program(settings, body);
        var summary = SimRunner.Explore(settings.ToSimSettings(), program);
        if (summary.FirstBug is { } bug) throw Describe(bug, program);
        return summary;
    }

    /// <summary>The first bug the exploration finds (stopping there), or SimulationNoBugException when the budget finds none.</summary>
    public static BugReport FindBug(ManilaRaceSettings settings, Func<ManilaWorld, Task> body) =>
        SimTest.FindBug(settings.ToSimSettings(), Program(settings, body));

    /// <summary>The failure message a race test throws: what broke, what must hold, the narrated interleaving, where the
    /// trace is.</summary>
    public static SimulationBugException Describe(BugReport bug, Action<Simulator> program)
    {
        ArgumentNullException.ThrowIfNull(bug);
        string? path;
        try
        {
            path = Path.Combine(SimTest.TraceDirectory, $"{bug.Trace.ProgramName.Replace('/', '.')}.seed{bug.Trace.RunSeed}.it{bug.Iteration}.json");
            bug.Trace.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            path = null;
        }
        var replay = SimRunner.Replay(bug.Trace, program, produceLog: true);
        var invariant = InvariantCatalog.NameIn(bug.Message) is { } name ? InvariantCatalog.Find(name) : null;
        var story = replay.Log.Where(s => s.Note is not null).Select(s =>
            $"{s.Index,5}. [{s.Time.TotalSeconds,9:0.000}s] {s.OperationName}: {s.Note}" + (s.Index == bug.Step && s.OperationName != "(engine)" ? "   <== fails here" : ""))
            .Where(line => !line.Contains("(engine): BUG", StringComparison.Ordinal)).ToList();
        var text = new StringBuilder();
        text.Append($"{bug}\n");
        if (invariant is not null) text.Append($"what must hold ({invariant.Name}): {invariant.Meaning}\n");
        text.Append("interleaving (the steps that did something):\n");
        if (story.Count > StoryLines) text.Append($"  ... {story.Count - StoryLines} earlier steps omitted ...\n");
        foreach (var line in story.Skip(Math.Max(0, story.Count - StoryLines))) text.Append(line).Append('\n');
        text.Append($"trace file: {path ?? "(could not be written)"}\n");
        text.Append($"compact trace: {bug.Trace.ToCompactString()}\n");
        return new SimulationBugException(text.ToString(), bug, path);
    }
}
