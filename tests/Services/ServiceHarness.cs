// Runs a test body as one operation inside a fresh deployment, through the engine, for a few fixed-seed schedules.
using SimManila.Model;
using SimManila.Services;
using SimManila.Services.Client;
using SimManila.Simulation;

namespace SimManila.Services.Tests;

public sealed record World(Simulator Sim, Deployment D, ManilaClient Client)
{
    /// <summary>Lets every cast, driver call and sync finish: virtual time jumps, so this costs nothing real.</summary>
    public async Task Settle() => await Sim.Delay(TimeSpan.FromMinutes(5));

    public ShareInstance Instance(string shareId) => D.Db.Store.Where<ShareInstance>(i => i.ShareId == shareId).Single();
}

public static class ServiceHarness
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> PoliciesAndDatabases => new()
    {
        { ConcurrencyPolicy.Legacy, DatabaseProvider.InMemory },
        { ConcurrencyPolicy.Legacy, DatabaseProvider.Sqlite },
        { ConcurrencyPolicy.Guarded, DatabaseProvider.InMemory },
        { ConcurrencyPolicy.Guarded, DatabaseProvider.Sqlite },
    };

    public static void Run(ConcurrencyPolicy policy, DatabaseProvider database, Func<World, Task> body,
        Topology? topology = null, int schedules = 3, string? name = null, FaultSettings? faults = null)
    {
        var settings = new SimSettings
        {
            ProgramName = name ?? $"service-{policy}-{database}",
            Seed = 7,
            Iterations = schedules,
            Strategy = StrategyKind.Random,
            MaxSteps = 100_000,
            Faults = faults ?? new FaultSettings(),
        };
        SimTest.AssertNoBug(settings, sim =>
        {
            var deployment = Deployment.Create(sim, (topology ?? new Topology()) with { Policy = policy, Database = database });
            sim.Spawn("test", () => body(new World(sim, deployment, deployment.Client())));
        });
    }
}
