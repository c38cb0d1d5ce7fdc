// The xunit-sized entry points: assert a program has no bug (else throw with log and trace path), or find its bug.
namespace SimManila.Simulation;

public static class SimTest
{
    const int LogLinesInMessage = 200;

    /// <summary>Where failing traces are written: $SIMMANILA_TRACE_DIR, else ./traces.</summary>
    public static string TraceDirectory { get; set; } =
        Environment.GetEnvironmentVariable("SIMMANILA_TRACE_DIR") is { Length: > 0 } dir ? dir : Path.Combine(Directory.GetCurrentDirectory(), "traces");

    public static RunSummary AssertNoBug(SimSettings settings, Action<Simulator> program)
    {
        var summary = SimRunner.Explore(settings, program);
        if (summary.FirstBug is { } bug) throw Describe(bug, program);
        return summary;
    }

    public static BugReport FindBug(SimSettings settings, Action<Simulator> program)
    {
        var summary = SimRunner.Explore(settings with { StopAtFirstBug = true }, program);
        return summary.FirstBug ?? throw new SimulationNoBugException(
            $"no bug found in '{settings.ProgramName}' within {summary.Schedules} schedules (budget: {settings.Iterations} iterations" +
            $"{(settings.TimeBudget is { } t ? $", {t.TotalSeconds:0.#} s" : "")}, strategy {settings.Strategy}, seed {settings.Seed})");
    }

    /// <summary>Replays a trace given as JSON text, a compact "sm1:" string, or a path to a trace file.</summary>
    public static ReplayResult Replay(SimSettings settings, string traceTextOrPath, Action<Simulator> program, bool produceLog = true)
    {
        var trace = File.Exists(traceTextOrPath) ? SimTrace.Load(traceTextOrPath) : SimTrace.Parse(traceTextOrPath);
        return SimRunner.Replay(trace, program, produceLog, null, settings.ProgramName);
    }

    public static SimulationBugException Describe(BugReport bug, Action<Simulator> program)
    {
        string? path = null;
        try
        {
            path = Path.Combine(TraceDirectory, $"{Sanitize(bug.Trace.ProgramName)}-seed{bug.Trace.RunSeed}-it{bug.Iteration}.json");
            bug.Trace.Save(path);
        }
        catch (IOException)
        {
            path = null;
        }
        catch (UnauthorizedAccessException)
        {
            path = null;
        }
        var replay = SimRunner.Replay(bug.Trace, program, produceLog: true);
        var message =
            $"{bug}\n" +
            $"trace file: {path ?? "(could not be written)"}\n" +
            $"compact trace: {bug.Trace.ToCompactString()}\n" +
            $"replay: {(replay.Bug is { } again ? $"{again.Kind} at step {again.Step}" : "no bug on replay (non-deterministic program?)")}\n" +
            $"step log:\n{replay.LogText(LogLinesInMessage)}";
        return new SimulationBugException(message, bug, path);
    }

    static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (!char.IsLetterOrDigit(chars[i]) && chars[i] is not ('-' or '_' or '.')) chars[i] = '_';
        return new string(chars);
    }
}
