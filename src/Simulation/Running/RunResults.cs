// What a run hands back: the exploration summary, progress reports, and the result of a replay.
namespace SimManila.Simulation;

public sealed record RunSummary
{
    public long Schedules { get; init; }
    public IReadOnlyList<BugReport> Bugs { get; init; } = [];
    public int StepsMin { get; init; }
    public double StepsAvg { get; init; }
    public int StepsMax { get; init; }
    /// <summary>Distinct decision sequences; exact up to a cap, then a HyperLogLog estimate (see DistinctIsEstimate).</summary>
    public long DistinctSchedules { get; init; }
    public bool DistinctIsEstimate { get; init; }
    /// <summary>DFS only: every schedule within the step limit was explored (with Reduction: one of each class of
    /// schedules that differ only in the order of commuting steps); a preemption or delay bound never cut anything.</summary>
    public bool Exhausted { get; init; }
    /// <summary>DFS only: what each bound of the iterative deepening explored (one entry, bound null, when unbounded).</summary>
    public IReadOnlyList<DfsBoundReport> DfsBounds { get; init; } = [];
    /// <summary>DFS with Reduction: schedules cut short because they could only repeat explored ones.</summary>
    public long CutByReduction { get; init; }
    public TimeSpan Elapsed { get; init; }
    public double SchedulesPerSecond { get; init; }
    public long TotalSteps { get; init; }
    /// <summary>PCT's k (decisions per run) as estimated by the calibration runs; 0 when PCT was not used.</summary>
    public int PctEstimatedDecisions { get; init; }
    /// <summary>How PCT's k was estimated; null when PCT was not used.</summary>
    public PctCalibration? PctCalibration { get; init; }
    public BugReport? FirstBug => Bugs.Count > 0 ? Bugs[0] : null;
}

/// <summary>
/// PCT's k (<paramref name="Steps"/>): the most steps seen in the calibration runs, of which
/// <paramref name="CompleteRuns"/> completed without a bug; the <paramref name="RunsEndedByBug"/> others stopped early,
/// so they count only as lower bounds and were replaced (if none completed, k is a lower bound).
/// </summary>
public sealed record PctCalibration(int Steps, int CompleteRuns, int RunsEndedByBug)
{
    public override string ToString() =>
        $"PCT k = {Steps} steps, from {CompleteRuns} complete calibration run{(CompleteRuns == 1 ? "" : "s")}" +
        (RunsEndedByBug == 0 ? "" : $" ({RunsEndedByBug} more ended in a bug, so only as lower bounds{(CompleteRuns == 0 ? "; k is a lower bound" : "")})");
}

/// <summary>One bound of a DFS run: its schedules (the smaller bounds' ones included, re-run), whether its tree was
/// explored to the end, and whether the bound cut anything (if not, a larger bound has nothing more).</summary>
public sealed record DfsBoundReport(int? Bound, long Schedules, bool Exhausted, bool CutByBound)
{
    public override string ToString() =>
        (Bound is { } b ? $"bound {b}: " : "") + $"{Schedules} schedules, " +
        (!Exhausted ? "not exhausted (budget)" : CutByBound ? "exhausted within the bound" : "exhausted, nothing cut by a bound");
}

public sealed record RunProgress(long Schedules, int Bugs, TimeSpan Elapsed);

public sealed record ReplayResult
{
    public BugReport? Bug { get; init; }
    public IReadOnlyList<StepRecord> Log { get; init; } = [];
    public int Steps { get; init; }
    /// <summary>True when the program no longer fits the trace; Divergence names the step.</summary>
    public bool Diverged { get; init; }
    public string? Divergence { get; init; }

    public string LogText(int maxLines = int.MaxValue)
    {
        var lines = Log.Count <= maxLines ? Log : Log.Skip(Log.Count - maxLines).ToList();
        var prefix = Log.Count <= maxLines ? "" : $"... {Log.Count - maxLines} earlier log lines omitted ...\n";
        return prefix + string.Join("\n", lines);
    }
}
