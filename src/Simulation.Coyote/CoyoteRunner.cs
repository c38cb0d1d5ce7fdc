// Runs a program under Coyote's TestingEngine with one of Coyote's strategies, with the meaning our runner gives to
// iterations, max steps, seed, time budget and until-first-bug; and replays a Coyote trace under Coyote.
using System.Diagnostics;
using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;

namespace SimManila.Simulation.Coyote;

/// <summary>A run's summary as our runner reports it, and Coyote's reproducible trace of each bug (same order as
/// Summary.Bugs; null when Coyote had none to give).</summary>
public sealed record CoyoteRunSummary(RunSummary Summary, IReadOnlyList<CoyoteTrace?> CoyoteTraces);

public static class CoyoteRunner
{
    /// <summary>
    /// Explores <paramref name="program"/> for settings.Iterations iterations of Coyote's <paramref name="strategy"/>
    /// (seed: the run seed; iteration i runs with Coyote's seed + i). Parallelism is not used: one TestingEngine runs
    /// one iteration at a time, and strategies that learn (q-learning, PCT's step estimate) learn across them.
    /// </summary>
    public static CoyoteRunSummary Explore(SimSettings settings, CoyoteStrategy strategy, Action<Simulator> program,
        IProgress<RunProgress>? progress = null, uint? strategyBound = null, Action<string>? coyoteLog = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(program);
        settings.Validate();
        if (settings.Shard is not null)
            throw new ArgumentException("Shard: Coyote's TestingEngine explores one sequence of iterations; shards apply to our engine only", nameof(settings));
        if (strategyBound is not null && !CoyoteStrategies.TakesBound(strategy))
            throw new ArgumentException($"strategy bound: Coyote's {CoyoteStrategies.Name(strategy)} strategy takes no bound", nameof(strategyBound));
        if (strategyBound is 0) throw new ArgumentException("strategy bound: expected a positive bound, got 0", nameof(strategyBound));
        var clock = Stopwatch.StartNew();
        var configuration = CoyoteStrategies.Apply(CoyoteSetup.Create(settings.MaxSteps), strategy, strategyBound)
            .WithTestingIterations((uint)settings.Iterations)
            .WithRandomGeneratorSeed(CoyoteSetup.Seed(settings.Seed))
            .WithTestIterationsRunToCompletion(!settings.StopAtFirstBug);
        var run = new CoyoteIterations(settings, CoyoteStrategies.Name(strategy), program, logging: false, clock, progress);
        RunEngine(configuration, run, coyoteLog);
        var elapsed = clock.Elapsed;
        progress?.Report(new RunProgress(run.Schedules, run.Bugs.Count, elapsed));
        var summary = new RunSummary
        {
            Schedules = run.Schedules,
            Bugs = run.Bugs,
            StepsMin = run.Schedules == 0 ? 0 : run.StepsMin,
            StepsAvg = run.Schedules == 0 ? 0 : (double)run.TotalSteps / run.Schedules,
            StepsMax = run.StepsMax,
            TotalSteps = run.TotalSteps,
            DistinctSchedules = run.Distinct,
            DistinctIsEstimate = run.DistinctIsEstimate,
            Elapsed = elapsed,
            SchedulesPerSecond = elapsed.TotalSeconds > 0 ? run.Schedules / elapsed.TotalSeconds : 0,
        };
        return new CoyoteRunSummary(summary, run.CoyoteTraces.Select(json => json is null ? null : CoyoteTrace.Parse(json)).ToList());
    }

    /// <summary>
    /// Re-runs a Coyote trace under Coyote (its replay strategy follows the recorded decisions) with the step log on.
    /// Diverged is true when Coyote found that the program no longer makes the recorded decisions.
    /// </summary>
    public static ReplayResult Replay(CoyoteTrace trace, Action<Simulator> program, Action<string>? coyoteLog = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(program);
        var settings = new SimSettings { ProgramName = trace.ProgramName, MaxSteps = trace.MaxSteps, Faults = trace.Faults, Iterations = 1 };
        settings.Validate();
        var configuration = CoyoteSetup.Create(settings.MaxSteps).WithReproducibleTrace(trace.Json);
        var run = new CoyoteIterations(settings, trace.Strategy, program, logging: true, Stopwatch.StartNew(), null);
        var log = RunEngine(configuration, run, coyoteLog);
        var divergence = log.Errors.FirstOrDefault(e => e.Contains("is not reproducible", StringComparison.Ordinal));
        var bug = run.Bugs.FirstOrDefault();
        return new ReplayResult
        {
            Bug = divergence is null ? bug : null,
            Log = run.LastLog,
            Steps = run.LastSteps,
            Diverged = divergence is not null,
            Divergence = divergence?.Split('\n')[0].Trim(),
        };
    }

    static CoyoteLog RunEngine(Configuration configuration, CoyoteIterations run, Action<string>? coyoteLog)
    {
        var log = new CoyoteLog(coyoteLog);
        using var engine = TestingEngine.Create(configuration, run.Test);
        engine.SetLogger(log);
        run.Attach(engine);
        engine.Run();
        run.Finish();
        if (engine.TestReport.InternalErrors.Count > 0)
            throw new InvalidOperationException("Coyote's testing engine failed: " + engine.TestReport.InternalErrors.First());
        return log;
    }
}
