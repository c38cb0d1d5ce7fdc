// `simmanila minimize <trace>`: shrinks a failing schedule (fewer context switches, fewer injected faults, fewer calls
// where the scenario allows) while it still fails the same invariant, writes the smaller trace (and the smaller
// scenario when calls were dropped) and says how much shorter it is.
using System.CommandLine;
using Microsoft.Extensions.Logging;
using SimManila.Scenarios;
using SimManila.Simulation;

namespace SimManila.Cli.Commands;

public static class MinimizeCommand
{
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var trace = new Argument<string>("trace") { Description = "A failing trace: a file written by hunt or test, or a compact 'sm1:...' string" };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Where the smaller trace is written (default: beside the input as <name>.min.json, or traces/<scenario>.<policy>.min.json)",
            HelpName = "FILE",
        };
        var scenario = new Option<string?>("--scenario")
        {
            Description = "The scenario (name or file) the trace runs, when it is not the catalogue's one the trace names",
            HelpName = "NAME|FILE",
        };
        var command = new Command("minimize", "Shrink a failing trace while it still breaks the same invariant") { trace, output, scenario };
        command.SetAction(p =>
        {
            var c = context(p);
            var text = c.Get(trace);
            var recorded = ReplayCommand.Load(c, text);
            var (name, policy) = ReplayCommand.ProgramOf(recorded.ProgramName);
            var target = c.Get(scenario) is { } s ? c.Catalog.Resolve(s) : c.Catalog.Named(name);

            // Only a failing trace can be minimized: say so rather than let the minimizer find nothing.
            var replay = SimRunner.Replay(recorded, ScenarioProgram.Build(target, policy), produceLog: false);
            if (replay.Diverged)
                throw new UsageException($"{text}: the trace no longer fits scenario {target.Name}: {replay.Divergence}", "replay it with 'simmanila replay' to see where");
            if (replay.Bug is null)
                throw new UsageException($"{text}: the trace ends without a bug under {target.Name}/{CliOptions.Name(policy)}: nothing to minimize");

            var before = recorded.Decisions.Count;
            c.Line($"Minimizing {target.Name} under {CliOptions.Name(policy)}: {before} decisions, fails {RunEntry.ViolationOf(replay.Bug)} at step {replay.Bug.Step}");
            var result = ScenarioMinimizer.Minimize(target, policy, recorded);

            var outPath = c.Get(output) is { } o ? c.PathOf(o)
                : File.Exists(c.PathOf(text)) ? Path.ChangeExtension(c.PathOf(text), null) + ".min.json"
                : Path.Combine(c.DefaultTraceDirectory(), $"{target.Name}.{CliOptions.Name(policy)}.min.json");
            result.Trace.Save(outPath);
            c.Log.LogDebug("minimized trace written: {Path}", outPath);

            string? scenarioPath = null;
            if (result.Scenario is { } smaller && !ReferenceEquals(smaller, target) && ScenarioLoader.ToJson(smaller) != ScenarioLoader.ToJson(target))
            {
                scenarioPath = Path.ChangeExtension(outPath, null) + ".scenario.json";
                File.WriteAllText(scenarioPath, ScenarioLoader.ToJson(smaller));
                c.Log.LogDebug("minimized scenario written: {Path}", scenarioPath);
            }

            int after = result.Trace.Decisions.Count;
            c.Line(result.Summary());
            c.Line($"{before} -> {after} decisions ({(before == 0 ? 0 : 100.0 * (before - after) / before):0}% shorter), still {result.Invariant}");
            c.Line($"Smaller trace: {c.Show(outPath)}");
            if (scenarioPath is not null) c.Line($"Smaller scenario: {c.Show(scenarioPath)}");
            c.Line($"Replay it: simmanila replay {c.Show(outPath)}" + (scenarioPath is null ? "" : $" --scenario {c.Show(scenarioPath)}"));
            return SimManilaCli.Ok;
        });
        return command;
    }
}
