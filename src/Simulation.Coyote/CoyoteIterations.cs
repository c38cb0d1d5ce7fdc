// One run under Coyote's TestingEngine: the test method Coyote calls per iteration (a Simulator on the Coyote backend,
// the program, the root's part), and the engine's iteration callbacks that release the iteration's threads, run its
// clean-ups and keep its outcome as ours (schedules, steps, distinct schedules, bugs with our trace and Coyote's).
using System.Diagnostics;
using Microsoft.Coyote.SystematicTesting;

namespace SimManila.Simulation.Coyote;

internal sealed class CoyoteIterations
{
    readonly SimSettings settings;
    readonly string strategyName;
    readonly Action<Simulator> program;
    readonly FaultPlan plan;
    readonly bool logging;
    readonly uint coyoteSeed;
    readonly Stopwatch clock;
    readonly IProgress<RunProgress>? progress;
    readonly DecisionLog decisions = new();
    readonly DistinctScheduleCounter distinct = new();
    readonly ManualResetEventSlim lastIterationDone = new(false);

    TestingEngine? engine;
    CoyoteBackend? backend;
    Simulator? sim;
    bool skipIteration;
    bool stopRequested;
    int traceOwed = -1;

    public CoyoteIterations(SimSettings settings, string strategyName, Action<Simulator> program, bool logging, Stopwatch clock,
        IProgress<RunProgress>? progress)
    {
        this.settings = settings;
        this.strategyName = strategyName;
        this.program = program;
        this.logging = logging;
        this.clock = clock;
        this.progress = progress;
        plan = new FaultPlan(settings.Faults);
        coyoteSeed = CoyoteSetup.Seed(settings.Seed);
    }

    public long Schedules { get; private set; }
    public long TotalSteps { get; private set; }
    public int StepsMin { get; private set; } = int.MaxValue;
    public int StepsMax { get; private set; }
    public long Distinct => distinct.Count;
    public bool DistinctIsEstimate => distinct.IsEstimate;
    public List<BugReport> Bugs { get; } = new();
    public List<string?> CoyoteTraces { get; } = new();
    /// <summary>The last iteration's step log (replay keeps logging on).</summary>
    public IReadOnlyList<StepRecord> LastLog { get; private set; } = [];
    public int LastSteps { get; private set; }

    public void Attach(TestingEngine testingEngine)
    {
        engine = testingEngine;
        engine.RegisterStartIterationCallBack(OnStart);
        engine.RegisterEndIterationCallBack(OnEnd);
    }

    /// <summary>Coyote's test method, run on the iteration's root operation.</summary>
    public void Test()
    {
        var b = backend = new CoyoteBackend();
        try
        {
            if (skipIteration) return; // the time budget ran out: this iteration only lets the engine stop
            var choices = new CoyoteChoices(b);
            choices.Attach();
            var s = sim = new Simulator(choices, decisions, plan, settings.MaxSteps, logging, -1, b);
            decisions.Clear();
            try
            {
                program(s);
            }
            catch (SimulationStopException)
            {
            }
            catch (Exception ex) when (ex is not ThreadInterruptedException)
            {
                s.Fail(BugKind.UnhandledException, $"the program's set-up threw {ex.GetType().Name}: {ex.Message}", null);
            }
            s.Run();
        }
        finally
        {
            b.RootLeft();
        }
    }

    void OnStart(uint iteration)
    {
        // Coyote keeps the reproducible trace of the iteration that just ended until the next one has run.
        TakeOwedTrace();
        if (stopRequested)
        {
            skipIteration = true;
            engine!.Stop();
        }
    }

    void OnEnd(uint iteration)
    {
        var b = backend!;
        b.Release();
        if (skipIteration)
        {
            lastIterationDone.Set();
            return;
        }
        var s = sim!;
        s.RunFinishers();
        if (b.InternalError is { } error)
            throw new InvalidOperationException($"the Coyote backend failed in iteration {iteration}: {error.Message}", error);
        if (s.BugKind is null && !b.RanToEnd)
            s.Fail(BugKind.StepLimit, $"Coyote's scheduling-step bound was reached before the iteration ended (step {s.StepCount}; livelock?)", null);
        Schedules++;
        int steps = s.StepCount;
        TotalSteps += steps;
        StepsMin = Math.Min(StepsMin, steps);
        StepsMax = Math.Max(StepsMax, steps);
        distinct.Add(decisions.Hash());
        LastLog = s.StepLog;
        LastSteps = steps;
        if (s.BugKind is { } kind)
        {
            ulong seed = unchecked(coyoteSeed + iteration);
            var trace = new SimTrace
            {
                ProgramName = settings.ProgramName, Strategy = "coyote/" + strategyName, RunSeed = settings.Seed, Iteration = iteration,
                IterationSeed = seed, MaxSteps = settings.MaxSteps, PctDepth = settings.PctDepth, Faults = settings.Faults,
                Decisions = decisions.ToArray(), BugKind = kind, BugStep = s.BugStep, BugOperation = s.BugOperation, BugMessage = s.BugMessage,
            };
            Bugs.Add(new BugReport(kind, s.BugMessage!, s.BugStep, s.BugOperation, iteration, seed, trace));
            CoyoteTraces.Add(null);
            traceOwed = Bugs.Count - 1;
        }
        if (progress is not null && Schedules % settings.ProgressEvery == 0) progress.Report(new RunProgress(Schedules, Bugs.Count, clock.Elapsed));
        if (settings.TimeBudget is { } budget && clock.Elapsed >= budget) stopRequested = true;
    }

    void TakeOwedTrace()
    {
        if (traceOwed < 0) return;
        var json = engine!.ReproducibleTrace;
        CoyoteTraces[traceOwed] = string.IsNullOrEmpty(json) ? null : CoyoteTrace.From(json, Bugs[traceOwed]).Json;
        traceOwed = -1;
    }

    /// <summary>After engine.Run() returned: waits out the iteration a time budget let start, takes the last trace.</summary>
    public void Finish()
    {
        if (skipIteration && !lastIterationDone.Wait(TimeSpan.FromSeconds(60)))
            throw new InvalidOperationException("Coyote's last iteration did not end after the time budget stopped the engine");
        TakeOwedTrace();
    }
}
