// Runs iterations: seeds derived per index, strategies per worker, parallel workers and shards, budgets, replay.
using System.Diagnostics;

namespace SimManila.Simulation;

public static class SimRunner
{
    const int CalibrationRuns = 8, MaxCalibrationRuns = 64;
    const ulong CalibrationSalt = 0xC0FFEE_5EED_CA11BUL;

    public static RunSummary Explore(SimSettings settings, Action<Simulator> program, IProgress<RunProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(program);
        settings.Validate();
        var clock = Stopwatch.StartNew();
        var plan = new FaultPlan(settings.Faults);
        return settings.Strategy == StrategyKind.Dfs
            ? ExploreDfs(settings, program, plan, clock, progress)
            : ExploreSampled(settings, program, plan, clock, progress);
    }

    /// <summary>
    /// Runs schedule <paramref name="iteration"/> of the run <paramref name="settings"/> describe (the one Explore runs at
    /// that index, whatever the parallelism or shard) with the step log on, whether or not it ends in a bug: what a clean
    /// schedule did, told step by step. The trace records its decisions and outcome.
    /// </summary>
    public static (ReplayResult Result, SimTrace Trace) RunIteration(SimSettings settings, Action<Simulator> program, long iteration)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(program);
        settings.Validate();
        if (iteration < 0 || iteration >= settings.Iterations)
            throw new ArgumentOutOfRangeException(nameof(iteration), iteration, $"schedule: expected 0 <= K < {settings.Iterations} (the run's iterations), got {iteration}");
        var plan = new FaultPlan(settings.Faults);
        var decisions = new DecisionLog();
        SchedulingStrategy strategy;
        ulong seed;
        if (settings.Strategy == StrategyKind.Dfs)
        {
            // DFS's schedule k is where the tree walk stands after k schedules: walk it (bounded DFS deepens over
            // several trees, so its schedule k is not walked here).
            if (settings.DfsBounding != DfsBounding.None)
                throw new ArgumentException($"schedule: a {settings.DfsBounding.ToString().ToLowerInvariant()}-bounded DFS run's schedules cannot be picked one by one; run it without --bound", nameof(settings));
            var dfs = new DfsStrategy(reduce: settings.Reduction);
            for (long i = 0; i < iteration; i++)
            {
                dfs.BeginIteration(settings.Seed, i);
                RunOne(dfs, decisions, plan, settings.MaxSteps, program, false, -1);
                if (!dfs.EndIteration())
                    throw new ArgumentOutOfRangeException(nameof(iteration), iteration, $"schedule: DFS explores every schedule within the bounds in {i + 1}, so there is no schedule {iteration}");
            }
            (strategy, seed) = (dfs, settings.Seed);
        }
        else
        {
            int estimatedDecisions = settings.Strategy is StrategyKind.Pct or StrategyKind.Portfolio ? Calibrate(settings, program, plan).Steps : 0;
            (strategy, seed) = (CreateStrategy(settings, estimatedDecisions), SimRandom.IterationSeed(settings.Seed, iteration));
            // A learning strategy's schedule k depends on what its block learned before k: learn it again, in order.
            if (strategy.CreateModel() is { } model)
            {
                strategy.UseModel(model);
                for (long i = iteration / NoveltyModel.BlockLength * NoveltyModel.BlockLength; i < iteration; i++)
                {
                    strategy.BeginIteration(SimRandom.IterationSeed(settings.Seed, i), i);
                    RunOne(strategy, decisions, plan, settings.MaxSteps, program, false, -1);
                    strategy.EndIteration();
                    model.Learn(strategy.TakeLesson()!);
                }
            }
        }
        strategy.BeginIteration(seed, iteration);
        var sim = RunOne(strategy, decisions, plan, settings.MaxSteps, program, true, -1);
        var trace = new SimTrace
        {
            ProgramName = settings.ProgramName, ProgramDescription = settings.ProgramDescription, Strategy = strategy.Name, RunSeed = settings.Seed,
            Iteration = iteration, IterationSeed = seed, MaxSteps = settings.MaxSteps, PctDepth = settings.PctDepth, Faults = settings.Faults,
            Decisions = decisions.ToArray(), BugKind = sim.BugKind, BugStep = sim.BugKind is null ? 0 : sim.BugStep, BugOperation = sim.BugOperation,
            BugMessage = sim.BugMessage,
        };
        var bug = sim.BugKind is { } kind ? new BugReport(kind, sim.BugMessage!, sim.BugStep, sim.BugOperation, iteration, seed, trace) : null;
        return (new ReplayResult { Bug = bug, Log = sim.StepLog, Steps = sim.StepCount }, trace);
    }

    /// <summary>
    /// Replays a trace. A bug, the step log (when produceLog) and whether the program diverged from the trace come back.
    /// With expectedProgram set, a trace of another program is refused with an ArgumentException.
    /// </summary>
    public static ReplayResult Replay(SimTrace trace, Action<Simulator> program, bool produceLog = true, int? untilStep = null,
        string? expectedProgram = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(program);
        if (expectedProgram is not null && trace.ProgramName != expectedProgram)
            throw new ArgumentException($"trace is of program '{trace.ProgramName}', not '{expectedProgram}'", nameof(trace));
        if (untilStep is <= 0) throw new ArgumentOutOfRangeException(nameof(untilStep), untilStep, "untilStep: expected a positive step index");
        var strategy = new ReplayStrategy(trace.Decisions);
        var decisions = new DecisionLog();
        strategy.BeginIteration(trace.IterationSeed, trace.Iteration);
        var sim = RunOne(strategy, decisions, new FaultPlan(trace.Faults), trace.MaxSteps, program, produceLog, untilStep ?? -1);
        if (sim.BugKind is null && untilStep is null && strategy.Remaining > 0)
            sim.Fail(BugKind.NonDeterminism,
                $"replay diverged: the program ended after step {sim.StepCount} but the trace has {strategy.Remaining} decision(s) left", null);
        BugReport? bug = null;
        if (sim.BugKind is { } kind)
            bug = new BugReport(kind, sim.BugMessage!, sim.BugStep, sim.BugOperation, trace.Iteration, trace.IterationSeed,
                trace with { Decisions = decisions.ToArray() });
        bool diverged = bug?.Kind == BugKind.NonDeterminism;
        return new ReplayResult
        {
            Bug = bug,
            Log = sim.StepLog,
            Steps = sim.StepCount,
            Diverged = diverged,
            Divergence = diverged ? bug!.Message : null,
        };
    }

    /// <summary>
    /// Runs one iteration of <paramref name="template"/>'s program settings (seed, step limit, faults) following
    /// <paramref name="guide"/> where it fits and a deterministic default where it does not (see GuidedStrategy): never
    /// NonDeterminism. The result's trace holds the decisions actually taken, so it replays strictly with Replay.
    /// </summary>
    public static GuidedResult RunGuided(SimTrace template, IReadOnlyList<Decision> guide, Action<Simulator> program, bool produceLog = false)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(guide);
        ArgumentNullException.ThrowIfNull(program);
        var strategy = new GuidedStrategy(guide);
        var decisions = new DecisionLog();
        strategy.BeginIteration(template.IterationSeed, template.Iteration);
        var sim = RunOne(strategy, decisions, new FaultPlan(template.Faults), template.MaxSteps, program, produceLog, -1);
        var trace = template with
        {
            Strategy = strategy.Name, Decisions = decisions.ToArray(), BugKind = sim.BugKind, BugStep = sim.BugKind is null ? 0 : sim.BugStep,
            BugOperation = sim.BugOperation, BugMessage = sim.BugMessage,
        };
        return new GuidedResult
        {
            Trace = trace,
            Bug = sim.BugKind is { } kind
                ? new BugReport(kind, sim.BugMessage!, sim.BugStep, sim.BugOperation, template.Iteration, template.IterationSeed, trace)
                : null,
            Steps = sim.StepCount,
            ContextSwitches = strategy.Switches.ToArray(),
            FaultsFired = sim.FaultsFired,
            Followed = strategy.Followed,
            Defaulted = strategy.Defaulted,
            Operations = sim.Operations.Select(op => op.Name).ToArray(),
            Log = sim.StepLog,
        };
    }

    /// <summary>Runs one iteration to its end on the calling thread.</summary>
    internal static Simulator RunOne(SchedulingStrategy strategy, DecisionLog decisions, FaultPlan plan, int maxSteps,
        Action<Simulator> program, bool logging, int untilStep, bool calibration = false)
    {
        decisions.Clear();
        var sim = new Simulator(strategy, decisions, plan, maxSteps, logging, untilStep) { IsCalibration = calibration };
        try
        {
            program(sim);
        }
        catch (SimulationStopException)
        {
        }
        catch (Exception ex)
        {
            sim.Fail(BugKind.UnhandledException, $"the program's set-up threw {ex.GetType().Name}: {ex.Message}", null);
        }
        sim.Run();
        sim.RunFinishers();
        return sim;
    }

    static SchedulingStrategy CreateStrategy(SimSettings settings, int estimatedDecisions) => settings.Strategy switch
    {
        StrategyKind.Random => new RandomStrategy(),
        StrategyKind.ProbabilisticRandom => new ProbabilisticRandomStrategy(),
        StrategyKind.Pct => new PctStrategy(settings.PctDepth, estimatedDecisions),
        StrategyKind.Pos => new PosStrategy(),
        StrategyKind.Learning => new LearningStrategy(LearningBase.Targeted),
        StrategyKind.Portfolio => new PortfolioStrategy(settings.PctDepth, estimatedDecisions),
        _ => throw new ArgumentException($"Strategy: {settings.Strategy} is not a sampling strategy", nameof(settings)),
    };

    /// <summary>
    /// PCT's k: the most steps seen in runs of a random walk whose seeds derive from the run seed alone (so the estimate
    /// is the same whatever the parallelism or shard), run until 8 have completed without a bug. A run that ends in a
    /// bug stops early, so it counts only as a lower bound and does not count towards the 8 (at most
    /// <see cref="MaxCalibrationRuns"/> runs); if none completes, k is a lower bound, and the calibration says so.
    /// </summary>
    internal static PctCalibration Calibrate(SimSettings settings, Action<Simulator> program, FaultPlan plan)
    {
        var strategy = new RandomStrategy();
        var decisions = new DecisionLog();
        int most = 1, complete = 0, endedByBug = 0;
        for (int run = 0; run < MaxCalibrationRuns && complete < CalibrationRuns; run++)
        {
            strategy.BeginIteration(SimRandom.IterationSeed(settings.Seed ^ CalibrationSalt, run), run);
            var sim = RunOne(strategy, decisions, plan, settings.MaxSteps, program, false, -1, calibration: true);
            // Steps, not decisions: a random run ends with forced steps that a PCT run may turn into decisions,
            // so counting decisions would put k below the change points a bug needs.
            most = Math.Max(most, sim.StepCount);
            if (sim.BugKind is null) complete++;
            else endedByBug++;
        }
        return new PctCalibration(most, complete, endedByBug);
    }

    sealed class WorkerStats
    {
        public long Schedules, TotalSteps;
        public int StepsMin = int.MaxValue, StepsMax;
        public readonly DistinctScheduleCounter Distinct = new();
        public readonly List<BugReport> Bugs = new();
    }

    /// <summary>
    /// Workers and shards take whole blocks of iterations: one iteration for a memoryless strategy, a model's block
    /// (NoveltyModel.BlockLength) for a learning one, whose iterations run in order on one worker, each learning from all
    /// the block's iterations before it. Block b belongs to shard b mod N, so an iteration does the same thing whatever
    /// the parallelism or shard. (Measured: letting even two iterations of a block run side by side on one model costs
    /// the catalogue's hardest race 70% more schedules, as both follow the same least-trodden path.)
    /// </summary>
    static RunSummary ExploreSampled(SimSettings settings, Action<Simulator> program, FaultPlan plan, Stopwatch clock,
        IProgress<RunProgress>? progress)
    {
        var calibration = settings.Strategy is StrategyKind.Pct or StrategyKind.Portfolio ? Calibrate(settings, program, plan) : null;
        int estimatedDecisions = calibration?.Steps ?? 0;
        int blockLength = CreateStrategy(settings, estimatedDecisions).CreateModel() is null ? 1 : NoveltyModel.BlockLength;
        var shard = settings.Shard;
        long blocks = (settings.Iterations + (long)blockLength - 1) / blockLength;
        long positions = shard is null ? blocks : Math.Max(0, (blocks - (shard.Index - 1) + shard.Count - 1) / shard.Count);
        long nextPosition = 0;
        long stopAt = long.MaxValue;
        long done = 0;
        int bugCount = 0;
        var deadline = settings.TimeBudget;

        WorkerStats Work()
        {
            var stats = new WorkerStats();
            var strategy = CreateStrategy(settings, estimatedDecisions);
            var decisions = new DecisionLog();
            while (true)
            {
                long position = Interlocked.Increment(ref nextPosition) - 1;
                if (position >= positions) break;
                long block = shard is null ? position : position * shard.Count + (shard.Index - 1);
                var model = strategy.CreateModel();
                if (model is not null) strategy.UseModel(model);
                for (long iteration = block * blockLength, end = Math.Min(iteration + blockLength, settings.Iterations); iteration < end; iteration++)
                {
                    if (iteration > Volatile.Read(ref stopAt)) return stats;
                    if (deadline is { } budget && clock.Elapsed >= budget) return stats;
                    ulong seed = SimRandom.IterationSeed(settings.Seed, iteration);
                    strategy.BeginIteration(seed, iteration);
                    var sim = RunOne(strategy, decisions, plan, settings.MaxSteps, program, false, -1);
                    strategy.EndIteration();
                    model?.Learn(strategy.TakeLesson()!);
                    int steps = sim.StepCount;
                    stats.Schedules++;
                    stats.TotalSteps += steps;
                    if (steps < stats.StepsMin) stats.StepsMin = steps;
                    if (steps > stats.StepsMax) stats.StepsMax = steps;
                    stats.Distinct.Add(decisions.Hash());
                    if (sim.BugKind is { } kind)
                    {
                        var trace = new SimTrace
                        {
                            ProgramName = settings.ProgramName, ProgramDescription = settings.ProgramDescription, Strategy = strategy.Name, RunSeed = settings.Seed,
                            Iteration = iteration, IterationSeed = seed, MaxSteps = settings.MaxSteps, PctDepth = settings.PctDepth,
                            Faults = settings.Faults, Decisions = decisions.ToArray(),
                            BugKind = kind, BugStep = sim.BugStep, BugOperation = sim.BugOperation, BugMessage = sim.BugMessage,
                        };
                        stats.Bugs.Add(new BugReport(kind, sim.BugMessage!, sim.BugStep, sim.BugOperation, iteration, seed, trace));
                        Interlocked.Increment(ref bugCount);
                        if (settings.StopAtFirstBug)
                        {
                            long seen;
                            while (iteration < (seen = Volatile.Read(ref stopAt)) && Interlocked.CompareExchange(ref stopAt, iteration, seen) != seen) { }
                        }
                    }
                    long total = Interlocked.Increment(ref done);
                    if (progress is not null && total % settings.ProgressEvery == 0) progress.Report(new RunProgress(total, Volatile.Read(ref bugCount), clock.Elapsed));
                }
            }
            return stats;
        }

        int workers = (int)Math.Max(1, Math.Min(settings.Parallelism, positions));
        var results = WorkerThreads.Run(workers, Work, "worker");
        return Summarize(settings, results, clock, exhausted: false, calibration, progress, bugCount);
    }

    /// <summary>
    /// DFS enumerates one tree of decisions; it runs on one thread and ignores Parallelism and Shard. Bounded, it
    /// deepens: bound 0, then 1, 2, ... (each tree includes the smaller bounds' schedules), until a bound's tree is
    /// explored with nothing cut by the bound (then the whole space is), DfsMaxBound, or the budget.
    /// </summary>
    static RunSummary ExploreDfs(SimSettings settings, Action<Simulator> program, FaultPlan plan, Stopwatch clock,
        IProgress<RunProgress>? progress)
    {
        var decisions = new DecisionLog();
        var stats = new WorkerStats();
        var bounds = new List<DfsBoundReport>();
        long iteration = 0, cutByReduction = 0;
        bool exhausted = false, stop = false;
        bool bounded = settings.DfsBounding != DfsBounding.None;
        for (int bound = bounded ? 0 : int.MaxValue; !stop; bound++)
        {
            var strategy = new DfsStrategy(settings.DfsBounding, bound, settings.Reduction);
            long atThisBound = 0;
            while (iteration < settings.Iterations && !(settings.TimeBudget is { } budget && clock.Elapsed >= budget))
            {
                strategy.BeginIteration(settings.Seed, iteration);
                var sim = RunOne(strategy, decisions, plan, settings.MaxSteps, program, false, -1);
                int steps = sim.StepCount;
                stats.Schedules++;
                atThisBound++;
                stats.TotalSteps += steps;
                stats.StepsMin = Math.Min(stats.StepsMin, steps);
                stats.StepsMax = Math.Max(stats.StepsMax, steps);
                stats.Distinct.Add(decisions.Hash());
                bool more = strategy.EndIteration();
                if (sim.BugKind is { } kind)
                {
                    var trace = new SimTrace
                    {
                        ProgramName = settings.ProgramName, ProgramDescription = settings.ProgramDescription, Strategy = strategy.Name, RunSeed = settings.Seed, Iteration = iteration,
                        IterationSeed = settings.Seed, MaxSteps = settings.MaxSteps, PctDepth = settings.PctDepth, Faults = settings.Faults,
                        Decisions = decisions.ToArray(), BugKind = kind, BugStep = sim.BugStep, BugOperation = sim.BugOperation,
                        BugMessage = sim.BugMessage,
                    };
                    stats.Bugs.Add(new BugReport(kind, sim.BugMessage!, sim.BugStep, sim.BugOperation, iteration, settings.Seed, trace));
                }
                iteration++;
                if (progress is not null && stats.Schedules % settings.ProgressEvery == 0) progress.Report(new RunProgress(stats.Schedules, stats.Bugs.Count, clock.Elapsed));
                if (sim.BugKind is not null && settings.StopAtFirstBug) stop = true;
                if (!more || stop) break;
            }
            cutByReduction += strategy.CutByReduction;
            bounds.Add(new DfsBoundReport(bounded ? bound : null, atThisBound, strategy.Exhausted, strategy.CutByBound));
            if (strategy.Exhausted && !strategy.CutByBound) exhausted = true;
            if (!strategy.Exhausted || !strategy.CutByBound || bound >= settings.DfsMaxBound) stop = true;
        }
        return Summarize(settings, [stats], clock, exhausted, null, progress, stats.Bugs.Count) with
        {
            DfsBounds = bounds,
            CutByReduction = cutByReduction,
        };
    }

    static RunSummary Summarize(SimSettings settings, WorkerStats[] results, Stopwatch clock, bool exhausted, PctCalibration? calibration,
        IProgress<RunProgress>? progress, int bugCount)
    {
        long schedules = 0, totalSteps = 0;
        int min = int.MaxValue, max = 0;
        var distinct = new DistinctScheduleCounter();
        var bugs = new List<BugReport>();
        foreach (var r in results)
        {
            schedules += r.Schedules;
            totalSteps += r.TotalSteps;
            min = Math.Min(min, r.StepsMin);
            max = Math.Max(max, r.StepsMax);
            distinct.Merge(r.Distinct);
            bugs.AddRange(r.Bugs);
        }
        bugs.Sort((a, b) => a.Iteration.CompareTo(b.Iteration));
        if (settings.StopAtFirstBug && bugs.Count > 1) bugs.RemoveRange(1, bugs.Count - 1);
        var elapsed = clock.Elapsed;
        progress?.Report(new RunProgress(schedules, bugCount, elapsed));
        return new RunSummary
        {
            Schedules = schedules,
            Bugs = bugs,
            StepsMin = schedules == 0 ? 0 : min,
            StepsAvg = schedules == 0 ? 0 : (double)totalSteps / schedules,
            StepsMax = max,
            TotalSteps = totalSteps,
            DistinctSchedules = distinct.Count,
            DistinctIsEstimate = distinct.IsEstimate,
            Exhausted = exhausted,
            Elapsed = elapsed,
            SchedulesPerSecond = elapsed.TotalSeconds > 0 ? schedules / elapsed.TotalSeconds : 0,
            PctEstimatedDecisions = calibration?.Steps ?? 0,
            PctCalibration = calibration,
        };
    }
}
