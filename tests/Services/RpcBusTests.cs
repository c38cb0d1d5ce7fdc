// The RPC bus: casts run later as their own operation, calls return results, faults lose or duplicate messages.
using SimManila.Services.Rpc;
using SimManila.Simulation;

namespace SimManila.Services.Tests;

public class RpcBusTests
{
    static SimSettings Settings(string name) => new() { ProgramName = name, Seed = 5, Iterations = 50, Strategy = StrategyKind.Random };

    [Fact]
    public void CastsAreDeliveredAfterTheDelayAndCallsAnswer() =>
        SimTest.AssertNoBug(Settings("rpc"), sim =>
        {
            var bus = new RpcBus(sim, new SimManila.Drivers.FaultSwitch(sim), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
            TimeSpan deliveredAt = TimeSpan.MinValue;
            int answer = 0;
            sim.Spawn("client", async () =>
            {
                await bus.CastAsync("host1", "ping", () => { deliveredAt = sim.Now; return Task.CompletedTask; });
                answer = await bus.CallAsync("host1", "add", () => Task.FromResult(41 + 1));
            });
            sim.WhenQuiet(() =>
            {
                sim.Assert(deliveredAt == TimeSpan.FromMilliseconds(10), $"cast delivered at {deliveredAt}");
                sim.Assert(answer == 42, "call answered");
            });
        });

    [Fact]
    public void LostAndDuplicatedMessagesAreReachableFaults()
    {
        var outcomes = new HashSet<int>();
        SimRunner.Explore(Settings("rpc-faults") with
        {
            Iterations = 300,
            Faults = new FaultSettings { EnabledSites = [RpcBus.LostSite, RpcBus.DuplicatedSite], ActivationProbability = 0.5, FireProbability = 0.5 },
        }, sim =>
        {
            var bus = new RpcBus(sim, new SimManila.Drivers.FaultSwitch(sim), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
            int delivered = 0;
            sim.Spawn("client", () => bus.CastAsync("host1", "ping", () => { delivered++; return Task.CompletedTask; }));
            sim.WhenQuiet(() => { lock (outcomes) outcomes.Add(delivered); });
        });
        Assert.Equal([0, 1, 2], outcomes.Order());
    }

    [Fact]
    public void ACallWhoseRequestIsLostTimesOut()
    {
        var bug = SimTest.FindBug(Settings("rpc-timeout") with
        {
            Faults = new FaultSettings { EnabledSites = [RpcBus.LostSite], ActivationProbability = 1, FireProbability = 1 },
        }, sim =>
        {
            var bus = new RpcBus(sim, new SimManila.Drivers.FaultSwitch(sim), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
            sim.Spawn("client", () => bus.CallAsync("host1", "add", () => Task.FromResult(1)));
        });
        Assert.Equal(BugKind.UnhandledException, bug.Kind);
        Assert.Contains("timed out", bug.Message);
    }
}
