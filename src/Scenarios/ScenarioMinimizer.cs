// Shrinks a failing schedule while it still breaks the same invariant: fewer context switches, fewer injected faults,
// fewer concurrent calls where the scenario allows. Candidates run as guided replays (SimRunner.RunGuided), so an
// edited decision list never diverges; the decisions a candidate actually took become the next starting point.
using SimManila.Scenarios.Invariants;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios;

/// <summary>How big a failing schedule is.</summary>
public sealed record ScheduleSize(int Steps, int ContextSwitches, int FaultsFired, int ConcurrentCalls);

public sealed record MinimizeResult
{
    /// <summary>The scenario the trace fails in: the input, or a copy with fewer concurrent calls. Null when a bare
    /// program was minimized (MinimizeSchedule).</summary>
    public Scenario? Scenario { get; init; }
    /// <summary>The smaller schedule; replays strictly (SimRunner.Replay) with the program of <see cref="Scenario"/>.</summary>
    public required SimTrace Trace { get; init; }
    /// <summary>The invariant both traces break, or the bug kind's name for engine-level bugs (Deadlock, ...).</summary>
    public required string Invariant { get; init; }
    public required ScheduleSize Before { get; init; }
    public required ScheduleSize After { get; init; }
    /// <summary>Runs spent, the replay of the input and the final strict check included.</summary>
    public int Replays { get; init; }
    /// <summary>The replay budget ran out before a fixpoint: a smaller schedule may exist.</summary>
    public bool BudgetExhausted { get; init; }

    public string Summary() =>
        $"steps {Before.Steps} -> {After.Steps}, context switches {Before.ContextSwitches} -> {After.ContextSwitches}, " +
        $"faults {Before.FaultsFired} -> {After.FaultsFired}, calls {Before.ConcurrentCalls} -> {After.ConcurrentCalls} " +
        $"({Replays} replays{(BudgetExhausted ? ", budget exhausted" : "")})";
}

public static class ScenarioMinimizer
{
    /// <summary>What "fails the same way" compares: the broken invariant's name, else the bug kind.</summary>
    public static string FailureOf(BugKind kind, string? message) =>
        (message is null ? null : InvariantCatalog.NameIn(message)) ?? kind.ToString();

    /// <summary>
    /// Shrinks <paramref name="failing"/> (a trace of <paramref name="scenario"/> under <paramref name="policy"/>) by
    /// greedy delta-debugging passes until a fixpoint or <paramref name="maxReplays"/> runs: context switches become
    /// "keep running the operation that ran last", fault choices become false, concurrent calls are dropped while the
    /// scenario keeps at least two (or one plus a periodic task). A candidate is kept when it breaks the same invariant,
    /// has no more calls, context switches and faults than the best so far, no more steps than the input, and is smaller
    /// in that order. Throws ArgumentException for a trace without a bug or of another program, InvalidOperationException
    /// when the trace does not reproduce its failure.
    /// </summary>
    public static MinimizeResult Minimize(Scenario scenario, ConcurrencyPolicy policy, SimTrace failing, int maxReplays = 2000)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(failing);
        var expected = ScenarioProgram.ProgramName(scenario, policy);
        if (failing.ProgramName != expected)
            throw new ArgumentException($"trace is of program '{failing.ProgramName}', not '{expected}'", nameof(failing));
        var shrinker = new Shrinker(failing, maxReplays, ScenarioProgram.Build(scenario, policy), scenario, scenario.Concurrent.Count);
        shrinker.Shrink(s => DropCalls(s, policy));
        var result = shrinker.Result();
        // The smaller trace carries the scenario it fails in (the input's, or the one with fewer calls).
        return result with { Trace = ScenarioTraces.Embed(result.Trace, result.Scenario ?? scenario) };
    }

    /// <summary>The same passes on a bare engine program (no calls to drop).</summary>
    public static MinimizeResult MinimizeSchedule(SimTrace failing, Action<Simulator> program, int maxReplays = 2000)
    {
        ArgumentNullException.ThrowIfNull(failing);
        ArgumentNullException.ThrowIfNull(program);
        var shrinker = new Shrinker(failing, maxReplays, program, null, 0);
        shrinker.Shrink(null);
        return shrinker.Result();
    }

    /// <summary>Whether the scenario may lose a concurrent call and still be a race (the loader's rule).</summary>
    static bool CanDrop(Scenario scenario) =>
        scenario.Concurrent.Count > 2 || (scenario.Concurrent.Count == 2 && scenario.PeriodicTasks.Count > 0);

    static bool DropCalls(Shrinker s, ConcurrencyPolicy policy)
    {
        bool any = false;
        for (int i = 0; s.Scenario is { } scenario && i < scenario.Concurrent.Count && CanDrop(scenario) && !s.OutOfBudget; i++)
        {
            var calls = scenario.Concurrent.ToList();
            var dropped = calls[i];
            calls.RemoveAt(i);
            var smaller = scenario with { Concurrent = calls };
            var program = ScenarioProgram.Build(smaller, policy);
            // The dropped call's operation no longer exists: operations spawned after it move down one id.
            var name = ScenarioProgram.OperationName(dropped, i);
            int id = s.BestOperations.ToList().IndexOf(name);
            var decisions = s.BestDecisions;
            var shifted = id < 0 ? decisions : decisions
                .Select(d => d.Kind == DecisionKind.Schedule && d.Value > id ? d with { Value = d.Value - 1 } : d).ToArray();
            // The old schedule shifted past the missing operation, or without the picks of it, or as recorded: the
            // smaller scenario may need the remaining operations' order rather than their exact decisions.
            var withoutIt = id < 0 ? shifted : decisions
                .Where(d => !(d.Kind == DecisionKind.Schedule && d.Value == id))
                .Select(d => d.Kind == DecisionKind.Schedule && d.Value > id ? d with { Value = d.Value - 1 } : d).ToArray();
            if (s.TryAccept(shifted, program, smaller, calls.Count)
                || (id >= 0 && s.TryAccept(withoutIt, program, smaller, calls.Count))
                || (id >= 0 && s.TryAccept(decisions, program, smaller, calls.Count)))
            {
                any = true;
                i = -1; // the calls moved: start over on the smaller scenario
            }
        }
        return any;
    }

    sealed class Shrinker
    {
        readonly SimTrace template;
        readonly string target;
        readonly int maxReplays;
        readonly ScheduleSize before;
        GuidedResult best;
        Action<Simulator> program;
        int calls;

        public int Replays { get; private set; }
        public Scenario? Scenario { get; private set; }
        /// <summary>One replay stays in reserve for the final strict check.</summary>
        public bool OutOfBudget => Replays >= maxReplays - 1;
        public IReadOnlyList<Decision> BestDecisions => best.Trace.Decisions;
        public IReadOnlyList<string> BestOperations => best.Operations;

        public Shrinker(SimTrace failing, int maxReplays, Action<Simulator> program, Scenario? scenario, int calls)
        {
            if (failing.BugKind is not { } kind)
                throw new ArgumentException($"trace of '{failing.ProgramName}' records no bug: there is nothing to minimize", nameof(failing));
            if (maxReplays < 1) throw new ArgumentOutOfRangeException(nameof(maxReplays), maxReplays, "maxReplays: expected at least 1 replay");
            template = failing;
            target = FailureOf(kind, failing.BugMessage);
            this.maxReplays = Math.Max(2, maxReplays);
            this.program = program;
            Scenario = scenario;
            this.calls = calls;
            Replays = 1;
            var first = SimRunner.RunGuided(template, failing.Decisions, program);
            if (first.Bug is not { } bug || FailureOf(bug.Kind, bug.Message) != target)
                throw new InvalidOperationException(
                    $"trace of '{failing.ProgramName}' does not reproduce its failure ({target}): replay gave " +
                    (first.Bug is null ? "no bug" : $"{first.Bug.Kind}: {first.Bug.Message}"));
            best = first;
            before = Size(first, calls);
        }

        static ScheduleSize Size(GuidedResult r, int calls) => new(r.Steps, r.ContextSwitches.Count, r.FaultsFired, calls);

        /// <summary>Runs a candidate; keeps it when it fails the same way and is smaller.</summary>
        public bool TryAccept(IReadOnlyList<Decision> guide, Action<Simulator>? otherProgram = null, Scenario? otherScenario = null, int? otherCalls = null)
        {
            if (OutOfBudget) return false;
            Replays++;
            var candidateProgram = otherProgram ?? program;
            var r = SimRunner.RunGuided(template, guide, candidateProgram);
            if (r.Bug is not { } bug || FailureOf(bug.Kind, bug.Message) != target) return false;
            int candidateCalls = otherCalls ?? calls;
            if (!Smaller(Size(r, candidateCalls), r.Trace.Decisions.Count)) return false;
            best = r;
            program = candidateProgram;
            calls = candidateCalls;
            if (otherScenario is not null) Scenario = otherScenario;
            return true;
        }

        bool Smaller(ScheduleSize c, int decisions)
        {
            var b = Size(best, calls);
            if (c.ConcurrentCalls > b.ConcurrentCalls || c.ContextSwitches > b.ContextSwitches || c.FaultsFired > b.FaultsFired
                || c.Steps > before.Steps) return false;
            int order = c.ConcurrentCalls.CompareTo(b.ConcurrentCalls);
            if (order == 0) order = c.ContextSwitches.CompareTo(b.ContextSwitches);
            if (order == 0) order = c.FaultsFired.CompareTo(b.FaultsFired);
            if (order == 0) order = c.Steps.CompareTo(b.Steps);
            if (order == 0) order = decisions.CompareTo(best.Trace.Decisions.Count);
            return order < 0;
        }

        public void Shrink(Func<Shrinker, bool>? dropCalls)
        {
            // Cheapest first: the default schedule alone (no switch, no fault) may already fail.
            TryAccept([]);
            bool progress = true;
            while (progress && !OutOfBudget)
            {
                progress = FewerSwitches();
                progress |= FlipChoices();
                if (dropCalls is not null) progress |= dropCalls(this);
            }
        }

        /// <summary>Delta debugging over the context switches: turn a chunk of them into "keep running".</summary>
        bool FewerSwitches()
        {
            bool any = false;
            int n = 2;
            while (!OutOfBudget)
            {
                var switches = best.ContextSwitches;
                if (switches.Count == 0) break;
                n = Math.Min(n, switches.Count);
                int chunk = (switches.Count + n - 1) / n;
                bool accepted = false;
                for (int start = 0; start < switches.Count && !OutOfBudget; start += chunk)
                {
                    var guide = best.Trace.Decisions.ToArray();
                    for (int k = start; k < Math.Min(start + chunk, switches.Count); k++)
                        guide[switches[k].Decision] = Decision.Schedule(switches[k].Stayed, guide[switches[k].Decision].Bound);
                    if (TryAccept(guide)) { accepted = true; break; }
                }
                if (accepted)
                {
                    any = true;
                    n = Math.Max(n - 1, 2);
                    continue;
                }
                if (n >= switches.Count) break;
                n = Math.Min(n * 2, switches.Count);
            }
            return any;
        }

        /// <summary>Bool choices (fault activations and fires) to false, int choices (start offsets) to their minimum.</summary>
        bool FlipChoices()
        {
            bool any = false;
            for (int k = 0; !OutOfBudget; k++)
            {
                var decisions = best.Trace.Decisions;
                var candidates = Enumerable.Range(0, decisions.Count)
                    .Where(i => decisions[i] is { Kind: DecisionKind.Bool, Value: 1 } || (decisions[i].Kind == DecisionKind.Int && decisions[i].Value != decisions[i].Min))
                    .ToList();
                if (k >= candidates.Count) break;
                var guide = decisions.ToArray();
                var d = guide[candidates[k]];
                guide[candidates[k]] = d.Kind == DecisionKind.Bool ? Decision.Bool(false) : Decision.Int(d.Min, d.Min, d.Bound);
                // Without the fault the later decisions may no longer line up: also try keeping only the schedule
                // picks (the guided replay then takes the default for every choice it meets).
                var picksOnly = guide.Where((x, i) => i < candidates[k] || x.Kind == DecisionKind.Schedule).ToArray();
                if (TryAccept(guide) || TryAccept(picksOnly))
                {
                    any = true;
                    k--; // the list lost this one; the next candidate moved into its place
                }
            }
            return any;
        }

        public MinimizeResult Result()
        {
            bool exhausted = OutOfBudget;
            var trace = best.Trace with { Strategy = "minimized" };
            var bug = best.Bug!;
            // The guided run recorded exactly the decisions it took; check that they replay strictly to the same bug.
            Replays++;
            var replay = SimRunner.Replay(trace, program, produceLog: false);
            if (replay.Bug is not { } again || again.Kind != bug.Kind || again.Step != bug.Step || again.Message != bug.Message)
                throw new InvalidOperationException(
                    $"minimized trace of '{trace.ProgramName}' does not replay strictly: {replay.Bug?.ToString() ?? "no bug"} (expected {bug})");
            return new MinimizeResult
            {
                Scenario = Scenario,
                Trace = trace,
                Invariant = target,
                Before = before,
                After = Size(best, calls),
                Replays = Replays,
                BudgetExhausted = exhausted,
            };
        }
    }
}
