// Shrinks a failing workload while it still breaks the same invariant: fewer concurrent calls, faults, backends,
// workers and set-up calls, fewer knobs away from their defaults. Periodic tasks stay: they are part of the deployment
// (Manila always runs them), and without the one that finishes some work the shrink would trade the race for a stall. Each candidate is explored afresh with the
// finding's seed and budget, so the scenario it ends with fails under `simmanila test` with those settings.
using SimManila.Model;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios.Fuzzing;

public sealed record ShrinkResult(Scenario Scenario, ScenarioOutcome Outcome, int CandidatesTried);

public static class WorkloadShrinker
{
    /// <summary>Greedy: take the first smaller candidate that fails the same way, until none does or
    /// <paramref name="maxCandidates"/> explorations were spent.</summary>
    public static ShrinkResult Shrink(Scenario scenario, ConcurrencyPolicy policy, string violation, SimSettings explore,
        DatabaseProvider database = DatabaseProvider.InMemory, int maxCandidates = 300)
    {
        var current = ScenarioExplorer.Explore(scenario, policy, explore, database);
        if (current.Violation != violation)
            throw new InvalidOperationException($"{scenario.Name} does not fail with {violation} under {policy} with these settings (found {current.Violation ?? "nothing"})");
        int tried = 0;
        for (bool progress = true; progress && tried < maxCandidates;)
        {
            progress = false;
            foreach (var candidate in Candidates(current.Scenario))
            {
                if (++tried > maxCandidates) break;
                var outcome = ScenarioExplorer.Explore(candidate, policy, explore, database);
                if (outcome.Violation == violation && !outcome.SetupFailed)
                {
                    current = outcome;
                    progress = true;
                    break;
                }
            }
        }
        return new ShrinkResult(current.Scenario, current, Math.Min(tried, maxCandidates));
    }

    /// <summary>Smaller scenarios, the biggest cuts first.</summary>
    public static IEnumerable<Scenario> Candidates(Scenario s)
    {
        int minCalls = s.PeriodicTasks.Count > 0 ? 1 : 2;
        for (int i = 0; i < s.Concurrent.Count && s.Concurrent.Count > minCalls; i++)
            yield return s with { Concurrent = Without(s.Concurrent, i) };
        for (int i = 0; i < s.Faults.Count; i++)
            yield return s with { Faults = Without(s.Faults, i) };
        for (int i = s.Setup.Count - 1; i >= 0; i--)
            if (s.Setup[i].As is not { } bound || !IsReferenced(s, bound, after: i))
                yield return s with { Setup = Without(s.Setup, i) };
        var topology = s.Topology;
        if (topology.Backends.Count > 1)
            yield return s with { Topology = topology with { Backends = topology.Backends.Take(topology.Backends.Count - 1).ToList() } };
        if (topology.ApiWorkers > 1)
        {
            int workers = topology.ApiWorkers - 1;
            yield return s with
            {
                Topology = topology with { ApiWorkers = workers },
                Setup = [.. s.Setup.Select(c => c.Worker > workers ? c with { Worker = workers } : c)],
                Concurrent = [.. s.Concurrent.Select(c => c.Worker > workers ? c with { Worker = workers } : c)],
            };
        }
        if (s.StartWithinMs > 0) yield return s with { StartWithinMs = 0 };
        if (topology.DeferredDeletion)
            yield return s with
            {
                Topology = topology with { DeferredDeletion = false },
                PeriodicTasks = [.. s.PeriodicTasks.Where(t => t is not (PeriodicTaskNames.DeferredShareDeletion or PeriodicTaskNames.DeferredSnapshotDeletion))],
            };
        if (topology.Coordinator is not null) yield return s with { Topology = topology with { Coordinator = null } };
        var plain = new ScenarioBackend();
        for (int b = 0; b < topology.Backends.Count; b++)
        {
            var backend = topology.Backends[b];
            var defaults = backend with
            {
                ConcurrentSnapshotsSafe = plain.ConcurrentSnapshotsSafe,
                SecurityServiceUpdateSupport = plain.SecurityServiceUpdateSupport,
                NetworkAllocationUpdateSupport = plain.NetworkAllocationUpdateSupport,
            };
            if (defaults != backend)
                yield return s with { Topology = topology with { Backends = [.. topology.Backends.Select((x, j) => j == b ? defaults : x)] } };
        }
        for (int i = 0; i < s.Setup.Count; i++)
            if (!s.Setup[i].Settle) yield return s with { Setup = [.. s.Setup.Select((c, j) => j == i ? c with { Settle = true } : c)] };
        for (int i = 0; i < s.Concurrent.Count; i++)
            if (s.Concurrent[i].Worker is not null)
                yield return s with { Concurrent = [.. s.Concurrent.Select((c, j) => j == i ? c with { Worker = null } : c)] };
    }

    static List<T> Without<T>(IReadOnlyList<T> items, int index) => [.. items.Where((_, j) => j != index)];

    static bool IsReferenced(Scenario s, string variable, int after) =>
        s.Setup.Skip(after + 1).Concat(s.Concurrent).Any(c => c.Args.Values.Any(v => v is string text && text == "$" + variable));
}
