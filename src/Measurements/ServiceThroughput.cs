// Service schedules per second: a whole Manila per schedule (Guarded, InMemory database, setup included) where a
// share is created, then deleted while a snapshot of it is being created.
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Measurements;

public sealed class ServiceThroughput : IQuickMeasurement
{
    public static void DeleteWhileSnapshotting(Simulator sim)
    {
        var d = Deployment.Create(sim, new Topology { Policy = ConcurrencyPolicy.Guarded });
        var client = d.Client();
        sim.Spawn("setup", async () =>
        {
            var share = (await client.CreateShare(1)).Resource!.Id;
            await sim.Delay(TimeSpan.FromMinutes(1));
            sim.Spawn("snapshot", () => client.CreateSnapshot(share));
            sim.Spawn("delete", () => client.DeleteShare(share));
        });
    }

    public string Name => "service";

    public void Measure(IDictionary<string, object> results, double timeScale = 1.0)
    {
        var (steps, schedules, warmup) = QuickMode.SteadyThroughput(StrategyKind.Random, DeleteWhileSnapshotting, minWarmupSeconds: 3, timeScale);
        results["service_schedules_per_sec"] = schedules;
        results["service_steps_per_sec"] = steps;
        results["service_warmup_sec"] = warmup;
    }
}
