// Coyote's log output, kept off stdout: error lines are kept (a replay that no longer fits says so there), the rest is
// dropped unless a caller asks for it.
using Microsoft.Coyote.Logging;

namespace SimManila.Simulation.Coyote;

internal sealed class CoyoteLog(Action<string>? verbose = null) : ILogger
{
    readonly List<string> errors = new();

    public IReadOnlyList<string> Errors { get { lock (errors) return errors.ToArray(); } }

    void Add(LogSeverity severity, string text)
    {
        if (severity >= LogSeverity.Error) lock (errors) errors.Add(text.TrimEnd());
        verbose?.Invoke(text.TrimEnd());
    }

    static string Format(string format, object?[] args) => args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);

    public void Write(string value) => Add(LogSeverity.Info, value);
    public void Write(string format, object arg0) => Add(LogSeverity.Info, Format(format, [arg0]));
    public void Write(string format, object arg0, object arg1) => Add(LogSeverity.Info, Format(format, [arg0, arg1]));
    public void Write(string format, object arg0, object arg1, object arg2) => Add(LogSeverity.Info, Format(format, [arg0, arg1, arg2]));
    public void Write(string format, params object[] args) => Add(LogSeverity.Info, Format(format, args));
    public void Write(LogSeverity severity, string value) => Add(severity, value);
    public void Write(LogSeverity severity, string format, object arg0) => Add(severity, Format(format, [arg0]));
    public void Write(LogSeverity severity, string format, object arg0, object arg1) => Add(severity, Format(format, [arg0, arg1]));
    public void Write(LogSeverity severity, string format, object arg0, object arg1, object arg2) => Add(severity, Format(format, [arg0, arg1, arg2]));
    public void Write(LogSeverity severity, string format, params object[] args) => Add(severity, Format(format, args));
    public void WriteLine(string value) => Write(value);
    public void WriteLine(string format, object arg0) => Write(format, arg0);
    public void WriteLine(string format, object arg0, object arg1) => Write(format, arg0, arg1);
    public void WriteLine(string format, object arg0, object arg1, object arg2) => Write(format, arg0, arg1, arg2);
    public void WriteLine(string format, params object[] args) => Write(format, args);
    public void WriteLine(LogSeverity severity, string value) => Write(severity, value);
    public void WriteLine(LogSeverity severity, string format, object arg0) => Write(severity, format, arg0);
    public void WriteLine(LogSeverity severity, string format, object arg0, object arg1) => Write(severity, format, arg0, arg1);
    public void WriteLine(LogSeverity severity, string format, object arg0, object arg1, object arg2) => Write(severity, format, arg0, arg1, arg2);
    public void WriteLine(LogSeverity severity, string format, params object[] args) => Write(severity, format, args);
    public void Dispose() { }
}
