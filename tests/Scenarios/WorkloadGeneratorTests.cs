// The random-workload generator: every scenario call can be drawn, workload k of seed s is the same workload wherever
// it is drawn, every workload is a valid scenario file, and the fault modes mean what they say. No simulation here.
using SimManila.Scenarios.Fuzzing;

namespace SimManila.Scenarios.Tests;

public class WorkloadGeneratorTests
{
    const ulong Seed = 20261127;
    const int Sample = 400;

    static IEnumerable<Scenario> Workloads(FaultMode faults = FaultMode.On, ulong seed = Seed) =>
        Enumerable.Range(0, Sample).Select(k => WorkloadGenerator.Generate(seed, k, faults));

    [Fact]
    public void Every_call_a_scenario_can_make_is_one_the_generator_draws()
    {
        Assert.Equal(ScenarioCalls.Known.Keys.Order(StringComparer.Ordinal), WorkloadGenerator.Calls.Order(StringComparer.Ordinal));
        var drawn = Workloads().SelectMany(w => w.Concurrent).Select(c => c.Call).ToHashSet(StringComparer.Ordinal);
        var never = ScenarioCalls.Known.Keys.Where(call => !drawn.Contains(call)).ToList();
        Assert.True(never.Count == 0, $"never drawn as a concurrent call in {Sample} workloads: {string.Join(", ", never)}");
    }

    [Fact]
    public void Workload_k_of_a_seed_is_the_same_workload_every_time_and_its_neighbours_differ()
    {
        var first = ScenarioLoader.ToJson(WorkloadGenerator.Generate(Seed, 17));
        Assert.Equal(first, ScenarioLoader.ToJson(WorkloadGenerator.Generate(Seed, 17)));
        Assert.NotEqual(first, ScenarioLoader.ToJson(WorkloadGenerator.Generate(Seed, 18)));
        Assert.NotEqual(first, ScenarioLoader.ToJson(WorkloadGenerator.Generate(Seed + 1, 17)));
        Assert.Equal("fuzz-20261127-17", WorkloadGenerator.Generate(Seed, 17).Name);
    }

    [Fact]
    public void Every_workload_is_a_scenario_file_the_loader_accepts_and_reads_back_unchanged()
    {
        foreach (var workload in Workloads())
        {
            var json = ScenarioLoader.ToJson(workload);
            var loaded = ScenarioLoader.Parse(json, workload.Name + ".json");
            Assert.Equal(json, ScenarioLoader.ToJson(loaded));
            Assert.InRange(workload.Concurrent.Count, WorkloadGenerator.MinConcurrentCalls, WorkloadGenerator.MaxConcurrentCalls);
        }
    }

    [Fact]
    public void Fault_modes_give_some_every_or_no_workload_faults_and_only_existing_sites()
    {
        var on = Workloads(FaultMode.On).ToList();
        Assert.Contains(on, w => w.Faults.Count == 0);
        Assert.Contains(on, w => w.Faults.Count > 0);
        Assert.All(Workloads(FaultMode.Only), w => Assert.NotEmpty(w.Faults));
        Assert.All(Workloads(FaultMode.Off), w => Assert.Empty(w.Faults));
        Assert.All(on.SelectMany(w => w.Faults), entry => Assert.Contains(entry.Split(':')[0], WorkloadGenerator.FaultSites));
        Assert.DoesNotContain(SimManila.Services.Rpc.RpcBus.LostSite, WorkloadGenerator.FaultSites);
        Assert.DoesNotContain(SimManila.Services.Processes.CrashSites.Api, WorkloadGenerator.FaultSites);
        var entries = on.SelectMany(w => w.Faults).ToList();
        Assert.Contains(entries, e => e.StartsWith("crash.driver.", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.StartsWith("crash.rpc.", StringComparison.Ordinal));
        foreach (var plan in new[] { ":once", ":nth=2", ":always", ":delay=5000" })
            Assert.Contains(entries, e => e.EndsWith(plan, StringComparison.Ordinal));
        Assert.Contains(entries, e => !e.Contains(':'));
    }

    [Fact]
    public void The_topologies_cover_what_the_issue_asks_for()
    {
        var all = Workloads().ToList();
        Assert.Equal([1, 2, 3], all.Select(w => w.Topology.ApiWorkers).Distinct().Order());
        Assert.Equal([1, 2, 3], all.Select(w => w.Topology.Backends.Count).Distinct().Order());
        Assert.Contains(all, w => w.Topology.Backends[0].DriverHandlesShareServers);
        Assert.Contains(all, w => !w.Topology.Backends[0].DriverHandlesShareServers);
        Assert.Equal(["dr", "none", "readable", "writable"],
            all.Select(w => w.Topology.Backends[0].ReplicationType ?? "none").Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(all, w => w.Topology.DeferredDeletion);
        Assert.Contains(all, w => w.Setup.Any(c => c.Call == "createShareGroup"));
        Assert.Contains(all, w => w.Setup.Any(c => c.Call == "createReplica"));
        Assert.Contains(all, w => w.Setup.Any(c => !c.Settle));
        Assert.Contains(all, w => w.PeriodicTasks.Count > 0);
    }
}
