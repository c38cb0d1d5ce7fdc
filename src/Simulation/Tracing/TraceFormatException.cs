// The one error a bad trace gives: it names the field or the problem (truncated, corrupt, wrong version).
namespace SimManila.Simulation;

public sealed class TraceFormatException : Exception
{
    public TraceFormatException(string message) : base(message) { }
    public TraceFormatException(string message, Exception inner) : base(message, inner) { }
}
