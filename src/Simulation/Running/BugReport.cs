// What a bug is and how it is reported: its kind, where it happened, and the trace that reproduces it.
namespace SimManila.Simulation;

public enum BugKind { AssertionFailed, UnhandledException, Deadlock, StepLimit, UncontrolledConcurrency, NonDeterminism, Liveness }

public sealed record BugReport(
    BugKind Kind,
    string Message,
    int Step,
    string? OperationName,
    long Iteration,
    ulong IterationSeed,
    SimTrace Trace)
{
    public override string ToString() =>
        $"{Kind} at step {Step}{(OperationName is null ? "" : $" in '{OperationName}'")} (iteration {Iteration}, seed {IterationSeed}): {Message}";
}

/// <summary>One step of the readable log that replay produces.</summary>
public sealed record StepRecord(int Index, TimeSpan Time, string OperationName, PointKind Kind, string? Resource, string? Note)
{
    public override string ToString() =>
        $"#{Index,-5} {Time.TotalMilliseconds,9:0.###}ms  {OperationName,-24} {Kind,-8} {Resource ?? "-"}{(Note is null ? "" : "  " + Note)}";
}

/// <summary>Thrown inside simulated code to unwind an operation once a bug has been recorded.</summary>
public sealed class SimulationStopException : Exception
{
    public SimulationStopException() : base("the simulation stopped this iteration (a bug was recorded)") { }
}
