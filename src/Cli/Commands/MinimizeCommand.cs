// `simmanila minimize <trace>`: shrinks a failing schedule (fewer context switches, fewer injected faults, fewer calls
// where the scenario allows) while it still fails the same invariant, writes the smaller trace (carrying its scenario),
// the smaller scenario when calls were dropped, and the pictures of the minimal interleaving beside it (a Mermaid
// sequence diagram and an HTML timeline), and says how much shorter it is.
using System.CommandLine;
using Microsoft.Extensions.Logging;
using SimManila.Scenarios;
using SimManila.Simulation;

namespace SimManila.Cli.Commands;

public static class MinimizeCommand
{
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var trace = new Argument<string>("trace") { Description = "A failing trace: a file written by hunt, test or fuzz, or a compact 'sm1:...' / 'sm2:...' string" };
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Where the smaller trace is written (default: beside the input as <name>.min.json, or traces/<scenario>.<policy>.min.json)",
            HelpName = "FILE",
        };
        var scenario = new Option<string?>("--scenario")
        {
            Description = "Run the trace against this scenario (name or file) instead of the one it carries",
            HelpName = "NAME|FILE",
        };
        var command = new Command("minimize", "Shrink a failing trace while it still breaks the same invariant; draw the minimal interleaving") { trace, output, scenario };
        command.SetAction(p =>
        {
            var c = context(p);
            var text = c.Get(trace);
            var chosenOut = OutputPaths.File(c, "--out", c.Get(output));
            var input = TraceInput.Resolve(c, text, c.Get(scenario));
            var (target, policy, recorded) = (input.Scenario, input.Policy, input.Trace);

            // Only a failing trace can be minimized: say so rather than let the minimizer find nothing.
            var replay = SimRunner.Replay(recorded, ScenarioProgram.Build(target, policy), produceLog: false);
            if (replay.Diverged)
                throw new UsageException($"{input.ShownAs}: the trace no longer fits scenario {target.Name}: {replay.Divergence}", "replay it with 'simmanila replay' to see where");
            if (replay.Bug is null)
                throw new UsageException($"{input.ShownAs}: the trace ends without a bug under {target.Name}/{CliOptions.Name(policy)}: nothing to minimize");

            var before = recorded.Decisions.Count;
            c.Line($"Minimizing {target.Name} under {CliOptions.Name(policy)}: {before} decisions, fails {RunEntry.ViolationOf(replay.Bug)} at step {replay.Bug.Step}");
            var result = ScenarioMinimizer.Minimize(target, policy, recorded);

            var outPath = chosenOut
                ?? (input.IsFile ? Path.ChangeExtension(c.PathOf(text), null) + ".min.json"
                    : Path.Combine(c.DefaultTraceDirectory(), $"{target.Name}.{CliOptions.Name(policy)}.min.json"));
            result.Trace.Save(outPath);
            c.Log.LogDebug("minimized trace written: {Path}", outPath);

            string? scenarioPath = null;
            var smaller = result.Scenario ?? target;
            if (!ReferenceEquals(smaller, target) && ScenarioLoader.ToJson(smaller) != ScenarioLoader.ToJson(target))
            {
                scenarioPath = Path.ChangeExtension(outPath, null) + ".scenario.json";
                File.WriteAllText(scenarioPath, ScenarioLoader.ToJson(smaller));
                c.Log.LogDebug("minimized scenario written: {Path}", scenarioPath);
            }

            // The pictures of the minimal interleaving, beside its trace.
            var minimal = SimRunner.Replay(result.Trace, ScenarioProgram.Build(smaller, policy), produceLog: true);
            var pictures = new[] { Pictures.Mermaid, Pictures.Html }.Select(format =>
            {
                var path = Path.ChangeExtension(outPath, null) + Pictures.Extension(format);
                File.WriteAllText(path, Pictures.Render(format, smaller, policy, result.Trace, minimal));
                return path;
            }).ToList();

            int after = result.Trace.Decisions.Count;
            c.Line(result.Summary());
            c.Line($"{before} -> {after} decisions ({(before == 0 ? 0 : 100.0 * (before - after) / before):0}% shorter), still {result.Invariant}");
            c.Line($"Smaller trace: {c.Show(outPath)}");
            if (scenarioPath is not null) c.Line($"Smaller scenario: {c.Show(scenarioPath)}");
            c.Line($"Pictures of the minimal interleaving: {string.Join(", ", pictures.Select(c.Show))}");
            c.Line($"Replay it: simmanila replay {c.Show(outPath)}");
            return SimManilaCli.Ok;
        });
        return command;
    }
}
