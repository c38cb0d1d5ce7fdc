// Topology schedules per second: a whole Manila per schedule (Legacy, InMemory database, setup included) with a
// share-server backend, where one share is created on a server, then the server is deleted while a second share is
// being placed on it.
using SimManila.Drivers;
using SimManila.Services;
using SimManila.Services.Api;
using SimManila.Simulation;

namespace SimManila.Measurements;

public sealed class TopologyThroughput : IQuickMeasurement
{
    static readonly Topology Dhss = new()
    {
        Backends = [new BackendSpec("host1", new DriverCapabilities { DriverHandlesShareServers = true })],
    };

    public static void DeleteServerWhilePlacing(Simulator sim)
    {
        var d = Deployment.Create(sim, Dhss);
        var client = d.Client();
        sim.Spawn("setup", async () =>
        {
            var network = (await client.CreateShareNetwork()).Resource!.Id;
            var first = (await client.CreateShare(new CreateShareRequest(1) { ShareNetworkId = network })).Resource!.Id;
            await sim.Delay(TimeSpan.FromMinutes(1));
            await client.DeleteShare(first);
            await sim.Delay(TimeSpan.FromMinutes(1));
            var server = d.Db.Store.All<SimManila.Model.ShareServer>()[0].Id;
            sim.Spawn("place", () => client.CreateShare(new CreateShareRequest(1) { ShareNetworkId = network }));
            sim.Spawn("delete-server", () => client.DeleteShareServer(server));
        });
    }

    public string Name => "topology";

    public void Measure(IDictionary<string, object> results, double timeScale = 1.0)
    {
        var (steps, schedules, warmup) = QuickMode.SteadyThroughput(StrategyKind.Random, DeleteServerWhilePlacing, minWarmupSeconds: 3, timeScale);
        results["topology_schedules_per_sec"] = schedules;
        results["topology_steps_per_sec"] = steps;
        results["topology_warmup_sec"] = warmup;
    }
}
