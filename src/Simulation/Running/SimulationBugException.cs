// Exceptions for xunit-style use: a bug found where none was expected, or no bug where one was.
namespace SimManila.Simulation;

public sealed class SimulationBugException : Exception
{
    public SimulationBugException(string message, BugReport bug, string? tracePath) : base(message)
    {
        Bug = bug;
        TracePath = tracePath;
    }

    public BugReport Bug { get; }
    public string? TracePath { get; }
}

public sealed class SimulationNoBugException(string message) : Exception(message);
