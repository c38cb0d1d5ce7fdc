// `simmanila replay <trace file or string>`: re-runs a recorded schedule and prints it as numbered steps, one line
// each (worker or host, what it did to which resource: API calls, status changes, driver calls), the failing step
// highlighted, or draws it (--format mermaid: a sequence diagram; html: a timeline page). The trace carries its
// scenario, so it replays anywhere. Exit 0 when the replay ends without a bug, 1 when it ends in one (the failure
// reproduces) or no longer fits the program (a divergence, reported with the first step that differs), 2 on bad input.
// A Coyote trace (the .trace file `test --engine coyote` writes) re-runs under Coyote's replay and is narrated the same way.
using System.CommandLine;
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;
using SimManila.Simulation.Coyote;

namespace SimManila.Cli.Commands;

public static class ReplayCommand
{
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var trace = new Argument<string>("trace")
        {
            Description = "A trace file (JSON, as hunt, test and fuzz write them; or Coyote's .trace, replayed under Coyote) or a compact 'sm1:...' / 'sm2:...' string",
        };
        var until = new Option<int?>("--until", "-u") { Description = "Stop after step N", HelpName = "N" };
        var scenario = new Option<string?>("--scenario")
        {
            Description = "Replay against this scenario (name or file) instead of the one the trace carries",
            HelpName = "NAME|FILE",
        };
        var allSteps = new Option<bool>("--all-steps") { Description = "Also print the bare scheduling points between the steps that did something" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "text: numbered steps; mermaid: a sequenceDiagram of the processes; html: a self-contained timeline page, one lane per operation",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", Pictures.Mermaid, Pictures.Html);
        var output = new Option<string?>("--out", "-o") { Description = "Write the mermaid or html picture to FILE instead of stdout", HelpName = "FILE" };
        var command = new Command("replay", "Re-run a trace and print its interleaving step by step, or draw it")
        {
            trace, until, scenario, allSteps, format, output,
        };
        command.SetAction(p =>
        {
            var c = context(p);
            int? untilStep = c.Get(until) is int u ? CliOptions.Positive("--until", u) : null;
            var picture = c.Get(format) is "text" ? null : c.Get(format);
            if (picture is null && c.Get(output) is not null) throw new UsageException("--out: writes a picture; pass --format mermaid or --format html with it");
            var outFile = OutputPaths.File(c, "--out", c.Get(output));
            if (LoadCoyote(c, c.Get(trace)) is { } coyote)
            {
                if (untilStep is not null || picture is not null)
                    throw new UsageException($"{(untilStep is not null ? "--until" : "--format")}: a Coyote trace replays to its end under Coyote, as text",
                        "replay the .json trace beside it (the same interleaving on our engine) to stop at a step or draw it");
                ConcurrencyPolicy coyotePolicy;
                string coyoteScenario;
                try { (coyoteScenario, coyotePolicy) = ScenarioTraces.ProgramOf(coyote.ProgramName); }
                catch (ArgumentException e) { throw new UsageException(e.Message); }
                var coyoteTarget = c.Get(scenario) is { } cs ? c.Catalog.Resolve(cs) : c.Catalog.Named(coyoteScenario);
                return RunCoyote(c, coyoteTarget, coyotePolicy, coyote, c.Get(allSteps));
            }
            var input = TraceInput.Resolve(c, c.Get(trace), c.Get(scenario));
            return picture is null
                ? Run(c, input, untilStep, c.Get(allSteps))
                : Draw(c, input, untilStep, picture, outFile);
        });
        return command;
    }

    static int Draw(CliContext c, TraceInput input, int? untilStep, string format, string? outFile)
    {
        var replay = SimRunner.Replay(input.Trace, ScenarioProgram.Build(input.Scenario, input.Policy), produceLog: true, untilStep: untilStep);
        var text = Pictures.Render(format, input.Scenario, input.Policy, input.Trace, replay);
        if (outFile is null) c.Out.Write(text);
        else
        {
            File.WriteAllText(outFile, text);
            c.Line($"{(format == Pictures.Html ? "HTML timeline" : "Mermaid sequence diagram")}: {c.Show(outFile)}");
        }
        return replay.Bug is null ? SimManilaCli.Ok : SimManilaCli.Failed;
    }

    /// <summary>A Coyote trace file (Coyote's JSON with its Settings and Steps), or null when the input is something else.</summary>
    static CoyoteTrace? LoadCoyote(CliContext c, string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length >= 4096) return null;
        var path = c.PathOf(text);
        if (!File.Exists(path)) return null;
        var content = File.ReadAllText(path);
        if (!CoyoteTrace.IsCoyoteTrace(content)) return null;
        try
        {
            return CoyoteTrace.Parse(content);
        }
        catch (TraceFormatException e)
        {
            throw new UsageException($"{text}: not a readable Coyote trace: {e.Message}");
        }
    }

    static int RunCoyote(CliContext c, Scenario scenario, ConcurrencyPolicy policy, CoyoteTrace trace, bool allSteps)
    {
        var program = ScenarioProgram.Build(scenario, policy);
        c.Line($"Replaying {scenario.Name} under {CliOptions.Name(policy)} with Coyote's replay: strategy {trace.Strategy}, {trace.CoyoteSteps} Coyote decisions");
        var replay = CoyoteRunner.Replay(trace, program);
        return Show(c, replay, trace.BugKind, trace.BugStep, trace.BugMessage, trace.BugOperation, null, allSteps);
    }

    static int Run(CliContext c, TraceInput input, int? untilStep, bool allSteps)
    {
        var (scenario, policy, trace) = (input.Scenario, input.Policy, input.Trace);
        var program = ScenarioProgram.Build(scenario, policy);
        c.Line($"Replaying {scenario.Name} under {CliOptions.Name(policy)}: iteration {trace.Iteration} of seed {trace.RunSeed}, " +
               $"strategy {trace.Strategy}, {trace.Decisions.Count} decisions" + (untilStep is int u ? $", until step {u}" : "") +
               $"; scenario from {input.ScenarioSource}");
        var replay = SimRunner.Replay(trace, program, produceLog: true, untilStep: untilStep);
        return Show(c, replay, trace.BugKind, trace.BugStep, trace.BugMessage, trace.BugOperation, untilStep, allSteps);
    }

    /// <summary>The replay as numbered steps, the failing one marked, and how it compares with the recorded outcome.</summary>
    static int Show(CliContext c, ReplayResult replay, BugKind? recordedKind, int recordedStep, string? recordedMessage, string? recordedOperation,
        int? untilStep, bool allSteps)
    {
        if (recordedKind is { } kindSeen)
            c.Line($"Recorded: {kindSeen} at step {recordedStep}{(recordedOperation is null ? "" : $" in {recordedOperation}")}: {recordedMessage}");
        c.Line();
        var bug = replay.Bug;
        Narration.Print(c, replay, allSteps);

        if (replay.Diverged)
        {
            c.Markup(CliContext.Paint("red", $"Replay DIVERGED after step {bug!.Step}: {replay.Divergence}"));
            c.Line("The program no longer makes the decisions this trace recorded (the scenario, the service or the engine changed since it was written).");
            return SimManilaCli.Failed;
        }
        if (bug is not null)
        {
            var violation = RunEntry.ViolationOf(bug);
            c.Markup(CliContext.Paint("red", $"{bug.Kind} at step {bug.Step}{(bug.OperationName is null ? "" : $" in {bug.OperationName}")}: {bug.Message}"));
            if (SimManila.Scenarios.Invariants.InvariantCatalog.Find(violation) is { } invariant)
                c.Line($"What must hold ({invariant.Name}): {invariant.Meaning}");
            if (recordedKind is { } kind)
                c.Line(kind == bug.Kind && recordedStep == bug.Step && (recordedMessage is null || recordedMessage == bug.Message)
                    ? $"Reproduces the recorded bug: same kind, same step{(recordedMessage is null ? "" : ", same message")}."
                    : $"Differs from the recorded outcome ({kind} at step {recordedStep}).");
            return SimManilaCli.Failed;
        }
        if (untilStep is int until && replay.Steps >= until)
            c.Line($"Stopped after step {until} (--until); no bug up to here.");
        else
            c.Markup(CliContext.Paint("green", $"Ends after {replay.Steps} steps without a bug."));
        if (recordedKind is { } recorded && untilStep is null)
            c.Line($"The trace recorded {recorded} at step {recordedStep}, which no longer happens.");
        return SimManilaCli.Ok;
    }
}
