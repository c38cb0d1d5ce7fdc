// A random workload: a small topology, a set-up (the share replicated or not, with a snapshot, a rule, a replica), 2
// to 5 concurrent calls from the operations the service supports, and optional driver faults; turned into a Scenario
// so it runs, shrinks and prints like a catalogue entry.
using FsCheck;
using FsCheck.Fluent;
using SimManila.Scenarios;
using SimManila.Services;

namespace SimManila.Properties.Tests;

public sealed record WorkloadCall(string Call, int? Worker);

public sealed record Workload(int ApiWorkers, int Backends, bool WithSnapshot, bool WithRule,
    IReadOnlyList<WorkloadCall> Calls, IReadOnlyList<string> Faults, bool Replicated = false, bool WithReplica = false)
{
    /// <summary>Driver faults only: a lost cast strands work under any policy (Manila has no redelivery), which is
    /// not a race.</summary>
    public static readonly string[] FaultSites =
        ["driver.delete_share", "driver.create_snapshot", "driver.delete_snapshot", "driver.update_access", "driver.extend_share",
         "driver.create_replica", "driver.delete_replica", "driver.promote_replica"];

    static readonly string[] AlwaysPossible = ["deleteShare", "deleteShareForced", "extendShare", "shrinkShare", "createSnapshot", "allowAccess"];
    static readonly string[] NeedSnapshot = ["deleteSnapshot", "revertShare"];
    static readonly string[] NeedRule = ["denyAccess"];
    static readonly string[] NeedReplication = ["createReplica"];
    static readonly string[] NeedReplica = ["deleteReplica", "promoteReplica", "resyncReplica"];

    public static Gen<Workload> Generator =>
        from apiWorkers in Gen.Choose(1, 3)
        from backends in Gen.Choose(1, 2)
        from withSnapshot in Gen.Elements(true, false)
        from withRule in Gen.Elements(true, false)
        from replicated in Gen.Elements(true, false)
        from withReplica in Gen.Elements(replicated, false)
        let names = AlwaysPossible.Concat(withSnapshot ? NeedSnapshot : []).Concat(withRule ? NeedRule : [])
            .Concat(replicated ? NeedReplication : []).Concat(withReplica ? NeedReplica : []).ToArray()
        from count in Gen.Choose(2, 5)
        from calls in Gen.ArrayOf(CallGen(names, apiWorkers), count)
        from faultMask in Gen.Choose(0, (1 << FaultSites.Length) - 1)
        from withFaults in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Workload(apiWorkers, backends, withSnapshot, withRule, calls,
            withFaults ? FaultSites.Where((_, i) => (faultMask & (1 << i)) != 0).ToArray() : [], replicated, withReplica);

    static Gen<WorkloadCall> CallGen(string[] names, int apiWorkers) =>
        from name in Gen.Elements(names)
        from pinned in Gen.Elements(true, false)
        from worker in Gen.Choose(1, apiWorkers)
        select new WorkloadCall(name, pinned ? worker : null);

    /// <summary>Smaller workloads that might still fail: fewer calls, fewer faults, a smaller topology, less set-up.</summary>
    public IEnumerable<Workload> Shrinks()
    {
        for (int i = 0; i < Calls.Count && Calls.Count > 2; i++)
            yield return this with { Calls = Calls.Where((_, j) => j != i).ToList() };
        for (int i = 0; i < Faults.Count; i++)
            yield return this with { Faults = Faults.Where((_, j) => j != i).ToList() };
        if (Backends > 1) yield return this with { Backends = 1 };
        if (ApiWorkers > 1)
            yield return this with { ApiWorkers = 1, Calls = Calls.Select(c => c with { Worker = c.Worker is null ? null : 1 }).ToList() };
        if (WithSnapshot && !Calls.Any(c => NeedSnapshot.Contains(c.Call))) yield return this with { WithSnapshot = false };
        if (WithRule && !Calls.Any(c => NeedRule.Contains(c.Call))) yield return this with { WithRule = false };
        if (WithReplica && !Calls.Any(c => NeedReplica.Contains(c.Call))) yield return this with { WithReplica = false };
        if (Replicated && !WithReplica && !Calls.Any(c => NeedReplication.Contains(c.Call))) yield return this with { Replicated = false };
        for (int i = 0; i < Calls.Count; i++)
            if (Calls[i].Worker is not null)
                yield return this with { Calls = Calls.Select((c, j) => j == i ? c with { Worker = null } : c).ToList() };
    }

    public int Size => Calls.Count * 4 + Faults.Count * 2 + Backends + ApiWorkers + (WithSnapshot ? 1 : 0) + (WithRule ? 1 : 0)
        + (Replicated ? 1 : 0) + (WithReplica ? 1 : 0);

    public Scenario ToScenario(string name)
    {
        var setup = new List<ScenarioCall>
        {
            Replicated
                ? Call("createShare", "share", ("size", 4), ("revertToSnapshotSupport", true), ("replicationType", "readable"))
                : Call("createShare", "share", ("size", 4), ("revertToSnapshotSupport", true)),
        };
        if (WithReplica) setup.Add(Call("createReplica", "replica", ("share", "$share")));
        if (WithSnapshot) setup.Add(Call("createSnapshot", "snapshot", ("share", "$share")));
        if (WithRule) setup.Add(Call("allowAccess", "rule", ("share", "$share"), ("accessType", "ip"), ("accessTo", "10.0.0.0/24")));
        var concurrent = Calls.Select((c, i) => c.Call switch
        {
            "deleteShare" => Call("deleteShare", null, ("share", "$share")),
            "deleteShareForced" => Call("deleteShare", null, ("share", "$share"), ("force", true)),
            "extendShare" => Call("extendShare", null, ("share", "$share"), ("newSize", 6 + i)),
            "shrinkShare" => Call("shrinkShare", null, ("share", "$share"), ("newSize", 2)),
            "createSnapshot" => Call("createSnapshot", null, ("share", "$share")),
            "allowAccess" => Call("allowAccess", null, ("share", "$share"), ("accessType", "ip"), ("accessTo", $"10.{i + 1}.0.0/16")),
            "deleteSnapshot" => Call("deleteSnapshot", null, ("snapshot", "$snapshot")),
            "revertShare" => Call("revertShare", null, ("share", "$share"), ("snapshot", "$snapshot")),
            "denyAccess" => Call("denyAccess", null, ("share", "$share"), ("access", "$rule")),
            "createReplica" => Call("createReplica", null, ("share", "$share")),
            "deleteReplica" => Call("deleteReplica", null, ("replica", "$replica")),
            "promoteReplica" => Call("promoteReplica", null, ("replica", "$replica"), ("admin", true)),
            "resyncReplica" => Call("resyncReplica", null, ("replica", "$replica")),
            var other => throw new InvalidOperationException("unknown workload call " + other),
        } with { Worker = c.Worker }).ToList();
        return new Scenario
        {
            Name = name,
            Description = $"Random workload: {string.Join(", ", Calls.Select(c => c.Call))} at once" + (Faults.Count > 0 ? $", faults {string.Join(", ", Faults)}" : "") + ".",
            Reference = "found by the random-workload property (tests/Properties)",
            Topology = new ScenarioTopology
            {
                ApiWorkers = ApiWorkers,
                Backends = Enumerable.Range(1, Backends).Select(h => new ScenarioBackend
                {
                    Host = $"host{h}", RevertToSnapshotSupport = true, ReplicationType = Replicated ? "readable" : null,
                }).ToList(),
            },
            Setup = setup,
            Concurrent = concurrent,
            // A replica's snapshot instances and replica_state only settle through the managers' polls.
            PeriodicTasks = Replicated ? [PeriodicTaskNames.ReplicaUpdate, PeriodicTaskNames.ReplicaSnapshotUpdate] : [],
            Faults = Faults,
            Expect = new ScenarioExpectation(),
        };
    }

    static ScenarioCall Call(string call, string? bind, params (string Name, object Value)[] args) => new()
    {
        Call = call, As = bind, Args = args.ToDictionary(a => a.Name, a => (object?)a.Value),
    };
}
