// Microsoft.Extensions.Logging into the engine's step log: a replayed trace reads like a story, host by host.
using Microsoft.Extensions.Logging;
using SimManila.Simulation;

namespace SimManila.Services.Logging;

public sealed class SimLoggerProvider(Simulator sim) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new SimLogger(sim, categoryName);
    public void Dispose() { }

    sealed class SimLogger(Simulator sim, string host) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        // Off during exploration, on during replay: formatting costs nothing unless someone reads the story.
        public bool IsEnabled(LogLevel logLevel) => sim.IsLogging && logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            sim.Log($"{host}: {formatter(state, exception)}");
        }
    }
}
