// Random workloads as an exploration: draw workload k, explore it under each policy for a small schedule budget, and
// shrink what breaks an invariant into a scenario file and a minimal trace. Workload k's outcome depends on the run
// seed and k alone, so a run splits over workers and shards and still finds the same violations.
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios.Fuzzing;

/// <summary>One workload explored under one policy.</summary>
public sealed record WorkloadOutcome(long Index, ulong Seed, ScenarioOutcome Outcome)
{
    public ConcurrencyPolicy Policy => Outcome.Policy;
    public string? Violation => Outcome.Violation;
    /// <summary>The distinct calls that ran at once, sorted: with the invariant, what groups violations.</summary>
    public IReadOnlyList<string> Calls => CallsOf(Outcome.Scenario);

    public static IReadOnlyList<string> CallsOf(Scenario scenario) =>
        [.. scenario.Concurrent.Select(c => c.Call).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>A violation shrunk to a small scenario that still shows it, with a minimal failing schedule.</summary>
public sealed record ShrunkViolation
{
    /// <summary>The smaller scenario, its expectation filled in from what each policy showed on it.</summary>
    public required Scenario Scenario { get; init; }
    /// <summary>The finding's seed and budget: `simmanila test` with these reproduces it.</summary>
    public required SimSettings Reproduce { get; init; }
    public required SimTrace Trace { get; init; }
    public required MinimizeResult Minimized { get; init; }
    public int CandidatesTried { get; init; }
}

/// <summary>Violations of one invariant under one policy that the same calls explain.</summary>
public sealed record ViolationGroup
{
    public required ConcurrencyPolicy Policy { get; init; }
    public required string Violation { get; init; }
    /// <summary>The calls the shrunk scenario needs, every one of which each finding's workload made; empty for the
    /// findings of an invariant left unshrunk (MaxShrinks ran out), whatever their calls.</summary>
    public required IReadOnlyList<string> Calls { get; init; }
    public required IReadOnlyList<WorkloadOutcome> Findings { get; init; }
    public ShrunkViolation? Shrunk { get; init; }
    public WorkloadOutcome First => Findings[0];
}

public sealed record FuzzSummary
{
    public required FuzzSettings Settings { get; init; }
    public required IReadOnlyList<WorkloadOutcome> Outcomes { get; init; }
    public required IReadOnlyList<ViolationGroup> Groups { get; init; }
    public TimeSpan ExploreElapsed { get; init; }
    public bool OutOfTime { get; init; }

    public long Workloads => Outcomes.Select(o => o.Index).Distinct().LongCount();
    public long Schedules => Outcomes.Sum(o => o.Outcome.Summary.Schedules);
    public long SchedulesOf(ConcurrencyPolicy policy) => Outcomes.Where(o => o.Policy == policy).Sum(o => o.Outcome.Summary.Schedules);
    public int ViolationsOf(ConcurrencyPolicy policy) => Outcomes.Count(o => o.Policy == policy && o.Outcome.Bug is not null && !o.Outcome.SetupFailed);
    public IReadOnlyList<string> InvariantsOf(ConcurrencyPolicy policy) =>
        [.. Outcomes.Where(o => o.Policy == policy && o.Violation is not null && !o.Outcome.SetupFailed).Select(o => o.Violation!).Distinct().Order(StringComparer.Ordinal)];
    /// <summary>Workloads whose set-up the service refused: a defect of the generator, not of Manila.</summary>
    public IReadOnlyList<WorkloadOutcome> SetupFailures => [.. Outcomes.Where(o => o.Outcome.SetupFailed)];
    /// <summary>Exploration only (no shrinking), over every worker: what one core sustains times the workers.</summary>
    public double SchedulesPerSecond => ExploreElapsed.TotalSeconds > 0 ? Schedules / ExploreElapsed.TotalSeconds : 0;
}

/// <summary>Progress of the exploration phase: workloads done (each under every policy), schedules, violations.</summary>
public sealed record FuzzProgress(long WorkloadsDone, long Schedules, int Violations, TimeSpan Elapsed);

public static class Fuzzer
{
    public static FuzzSummary Run(FuzzSettings settings, IProgress<FuzzProgress>? progress = null, Action<string>? onShrinking = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        long schedules = 0;
        int violations = 0;
        var jobs = IndependentJobs.Run(
            new JobSettings
            {
                Count = settings.OnlyWorkloads?.Count ?? settings.Workloads, Parallelism = settings.Parallelism, Shard = settings.Shard,
                TimeBudget = settings.TimeBudget, StopAtFirst = settings.StopAtFirstViolation,
            },
            job =>
            {
                var outcomes = ExploreWorkload(settings, settings.OnlyWorkloads is { } only ? only[(int)job] : job);
                Interlocked.Add(ref schedules, outcomes.Sum(o => o.Outcome.Summary.Schedules));
                int found = outcomes.Count(o => o.Outcome.Bug is not null);
                Interlocked.Add(ref violations, found);
                return (outcomes, found > 0);
            },
            (done, elapsed) => progress?.Report(new FuzzProgress(done, Interlocked.Read(ref schedules), Volatile.Read(ref violations), elapsed)));
        var outcomes = jobs.Completed.SelectMany(j => j.Result).ToList();

        return new FuzzSummary
        {
            Settings = settings, Outcomes = outcomes, Groups = Group(settings, outcomes, onShrinking), ExploreElapsed = jobs.Elapsed,
            OutOfTime = jobs.OutOfTime,
        };
    }

    /// <summary>Workload <paramref name="index"/> under every policy of the run.</summary>
    public static IReadOnlyList<WorkloadOutcome> ExploreWorkload(FuzzSettings settings, long index)
    {
        var scenario = WorkloadGenerator.Generate(settings.Seed, index, settings.Faults);
        ulong seed = WorkloadGenerator.WorkloadSeed(settings.Seed, index);
        return [.. settings.Policies.Select(policy =>
            new WorkloadOutcome(index, seed, ScenarioExplorer.Explore(scenario, policy, settings.ExploreSettings(seed), settings.Database)))];
    }

    /// <summary>
    /// Groups the violations by policy and invariant, then by the calls that cause them: the first finding of an
    /// invariant is shrunk to the calls it needs, and every later finding whose workload made all of those calls joins
    /// that group. A finding no group explains is shrunk in turn while MaxShrinks allows (each invariant gets its first
    /// shrink before any gets a second); the rest stay together, unshrunk, under their invariant.
    /// </summary>
    static IReadOnlyList<ViolationGroup> Group(FuzzSettings settings, List<WorkloadOutcome> outcomes, Action<string>? onShrinking)
    {
        var byInvariant = outcomes.Where(o => o.Violation is not null && !o.Outcome.SetupFailed)
            .GroupBy(o => (o.Policy, Violation: o.Violation!))
            .Select(g => (g.Key, Pending: g.OrderBy(o => o.Index).ToList()))
            .OrderBy(g => g.Pending[0].Index).ThenBy(g => g.Key.Policy)
            .ToList();
        var groups = new List<(ConcurrencyPolicy Policy, string Violation, List<WorkloadOutcome> Findings, ShrunkViolation? Shrunk)>();
        int shrinks = 0;
        for (bool progress = true; progress;)
        {
            progress = false;
            foreach (var (key, pending) in byInvariant)
            {
                if (pending.Count == 0 || shrinks >= settings.MaxShrinks) continue;
                var first = pending[0];
                shrinks++;
                progress = true;
                onShrinking?.Invoke($"{key.Violation} ({key.Policy}, workload {first.Index})");
                var shrunk = ShrinkOne(settings, first);
                var calls = WorkloadOutcome.CallsOf(shrunk.Scenario);
                var explained = pending.Where(o => o == first || calls.All(o.Calls.Contains)).ToList();
                pending.RemoveAll(explained.Contains);
                int same = groups.FindIndex(g => g.Policy == key.Policy && g.Violation == key.Violation && g.Shrunk is { } s && WorkloadOutcome.CallsOf(s.Scenario).SequenceEqual(calls));
                if (same >= 0) groups[same].Findings.AddRange(explained);
                else groups.Add((key.Policy, key.Violation, explained, shrunk));
            }
        }
        foreach (var (key, pending) in byInvariant.Where(g => g.Pending.Count > 0))
            groups.Add((key.Policy, key.Violation, [.. pending], null));
        return [.. groups.Select(g => new ViolationGroup
        {
            Policy = g.Policy, Violation = g.Violation, Findings = [.. g.Findings.OrderBy(f => f.Index)], Shrunk = g.Shrunk,
            Calls = g.Shrunk is { } s ? WorkloadOutcome.CallsOf(s.Scenario) : [],
        }).OrderBy(g => g.First.Index).ThenBy(g => g.Policy)];
    }

    static ShrunkViolation ShrinkOne(FuzzSettings settings, WorkloadOutcome finding)
    {
        // The same seed with more schedules: iterations below the finding's were clean, so it is still the first bug.
        var explore = settings.ExploreSettings(finding.Seed, Math.Max(settings.SchedulesPerWorkload, settings.SchedulesPerShrinkCandidate));
        var shrunk = WorkloadShrinker.Shrink(finding.Outcome.Scenario, finding.Policy, finding.Violation!, explore, settings.Database);
        var bug = shrunk.Outcome.Bug!;
        var minimized = ScenarioMinimizer.MinimizeSchedule(bug.Trace, ScenarioProgram.Build(shrunk.Scenario, finding.Policy, settings.Database));
        // What the other policy shows on the shrunk scenario, with the same budget, becomes its expectation.
        var expect = new Dictionary<ConcurrencyPolicy, IReadOnlyList<string>> { [finding.Policy] = [finding.Violation!] };
        foreach (var other in Enum.GetValues<ConcurrencyPolicy>().Where(p => p != finding.Policy))
        {
            var seen = ScenarioExplorer.Explore(shrunk.Scenario, other, explore, settings.Database);
            expect[other] = seen.Violation is { } v && !seen.SetupFailed ? [v] : [];
        }
        var scenario = shrunk.Scenario with
        {
            Description = $"Found by simmanila fuzz (seed {settings.Seed}, workload {finding.Index}) and shrunk: "
                + $"{string.Join(", ", shrunk.Scenario.Concurrent.Select(c => c.Call))} at once"
                + (shrunk.Scenario.Faults.Count > 0 ? $"; faults {string.Join(", ", shrunk.Scenario.Faults)}" : "")
                + $"; {finding.Policy} breaks {finding.Violation}.",
            Reference = $"simmanila fuzz --seed {settings.Seed}, workload {finding.Index}",
            Expect = new ScenarioExpectation { Legacy = expect[ConcurrencyPolicy.Legacy], Guarded = expect[ConcurrencyPolicy.Guarded] },
        };
        return new ShrunkViolation
        {
            Scenario = scenario, Reproduce = explore, Trace = minimized.Trace, Minimized = minimized, CandidatesTried = shrunk.CandidatesTried,
        };
    }
}
