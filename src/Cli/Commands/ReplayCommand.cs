// `simmanila replay <trace file or string>`: re-runs a recorded schedule and prints it as numbered steps, one line
// each (worker or host, what it did to which resource: API calls, status changes, driver calls), the failing step
// highlighted. Exit 0 when the replay ends without a bug, 1 when it ends in one (the failure reproduces) or no longer
// fits the program (a divergence, reported with the first step that differs), 2 on bad input. A Coyote trace (the
// .trace file `test --engine coyote` writes) re-runs under Coyote's replay and is narrated the same way.
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
            Description = "A trace file (JSON, as hunt and test write them; or Coyote's .trace, replayed under Coyote) or a compact 'sm1:...' string",
        };
        var until = new Option<int?>("--until", "-u") { Description = "Stop after step N", HelpName = "N" };
        var scenario = new Option<string?>("--scenario")
        {
            Description = "The scenario (name or file) to replay against, when it is not the catalogue's one the trace names",
            HelpName = "NAME|FILE",
        };
        var allSteps = new Option<bool>("--all-steps") { Description = "Also print the bare scheduling points between the steps that did something" };
        var command = new Command("replay", "Re-run a trace and print its interleaving step by step")
        {
            trace, until, scenario, allSteps,
        };
        command.SetAction(p =>
        {
            var c = context(p);
            int? untilStep = c.Get(until) is int u ? CliOptions.Positive("--until", u) : null;
            if (LoadCoyote(c, c.Get(trace)) is { } coyote)
            {
                if (untilStep is not null)
                    throw new UsageException("--until: a Coyote trace replays to its end under Coyote",
                        "replay the .coyote.json trace beside it (the same interleaving on our engine) to stop at a step");
                var (coyoteScenario, coyotePolicy) = ProgramOf(coyote.ProgramName);
                var coyoteTarget = c.Get(scenario) is { } cs ? c.Catalog.Resolve(cs) : c.Catalog.Named(coyoteScenario);
                return RunCoyote(c, coyoteTarget, coyotePolicy, coyote, c.Get(allSteps));
            }
            var recorded = Load(c, c.Get(trace));
            var (name, policy) = ProgramOf(recorded.ProgramName);
            var target = c.Get(scenario) is { } s ? c.Catalog.Resolve(s) : c.Catalog.Named(name);
            return Run(c, target, policy, recorded, untilStep, c.Get(allSteps));
        });
        return command;
    }

    /// <summary>A trace file, or the trace text itself (compact or JSON).</summary>
    public static SimTrace Load(CliContext c, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException("expected a trace file or a trace string, got an empty string");
        var path = c.PathOf(text.Length < 4096 ? text : "-");
        if (text.Length < 4096 && File.Exists(path))
        {
            try
            {
                return SimTrace.Load(path);
            }
            catch (TraceFormatException e)
            {
                throw new UsageException($"{text}: not a readable trace: {e.Message}");
            }
        }
        var trimmed = text.Trim();
        if (trimmed.StartsWith("sm", StringComparison.Ordinal) && trimmed.Contains(':') || trimmed.StartsWith('{'))
        {
            try
            {
                return SimTrace.Parse(trimmed);
            }
            catch (TraceFormatException e)
            {
                throw new UsageException($"not a readable trace string: {e.Message}");
            }
        }
        throw new UsageException($"trace file not found: {text}", "pass a trace file written by hunt or test (traces/*.json), or a compact 'sm1:...' trace string");
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

    /// <summary>A scenario trace's program name is "&lt;scenario&gt;/&lt;policy&gt;".</summary>
    public static (string scenario, ConcurrencyPolicy policy) ProgramOf(string programName)
    {
        int slash = programName.LastIndexOf('/');
        var policy = slash < 0 ? "" : programName[(slash + 1)..];
        if (slash <= 0 || policy is not ("legacy" or "guarded"))
            throw new UsageException($"the trace is of program '{programName}', not of a scenario run (expected '<scenario>/legacy' or '<scenario>/guarded')");
        return (programName[..slash], policy == "legacy" ? ConcurrencyPolicy.Legacy : ConcurrencyPolicy.Guarded);
    }

    static int RunCoyote(CliContext c, Scenario scenario, ConcurrencyPolicy policy, CoyoteTrace trace, bool allSteps)
    {
        var program = ScenarioProgram.Build(scenario, policy);
        c.Line($"Replaying {scenario.Name} under {CliOptions.Name(policy)} with Coyote's replay: strategy {trace.Strategy}, {trace.CoyoteSteps} Coyote decisions");
        var replay = CoyoteRunner.Replay(trace, program);
        return Show(c, replay, trace.BugKind, trace.BugStep, trace.BugMessage, trace.BugOperation, null, allSteps);
    }

    static int Run(CliContext c, Scenario scenario, ConcurrencyPolicy policy, SimTrace trace, int? untilStep, bool allSteps)
    {
        var program = ScenarioProgram.Build(scenario, policy);
        c.Line($"Replaying {scenario.Name} under {CliOptions.Name(policy)}: iteration {trace.Iteration} of seed {trace.RunSeed}, " +
               $"strategy {trace.Strategy}, {trace.Decisions.Count} decisions" + (untilStep is int u ? $", until step {u}" : ""));
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
        int failing = bug?.Step ?? -1;
        int indexWidth = Math.Max(3, replay.Steps.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        int nameWidth = Math.Min(40, replay.Log.Where(r => allSteps || r.Note is not null).Select(r => r.OperationName.Length).DefaultIfEmpty(8).Max());
        bool failingShown = false;
        foreach (var step in replay.Log)
        {
            bool isFailing = step.Index == failing && !failingShown;
            if (step.Note is null && !allSteps && !isFailing) continue;
            if (step.Index == failing && failingShown && step.OperationName == "(engine)") continue; // the bug itself, said below
            var what = step.Note ?? $"{step.Kind}{(step.Resource is null ? "" : " " + step.Resource)}";
            var line = $"{step.Index.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(indexWidth)}. " +
                       $"[{step.Time.TotalSeconds,9:0.000}s] {step.OperationName.PadRight(nameWidth)}  {what}";
            if (isFailing)
            {
                failingShown = true;
                c.Markup(CliContext.Paint("red bold", line + "   <== " + (bug!.Kind == BugKind.NonDeterminism ? "diverged here" : "fails here")));
            }
            else
            {
                c.Line(line);
            }
        }
        if (bug is not null && !failingShown && failing >= 0)
            c.Markup(CliContext.Paint("red bold", $"{failing.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(indexWidth)}. {bug.OperationName ?? "(no operation)"}  <== fails here"));
        c.Line();

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
