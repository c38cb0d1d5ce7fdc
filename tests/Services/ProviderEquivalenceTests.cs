// InMemory and SQLite give the same results for the same schedule: same decisions, same final rows, same backend.
using System.Text;
using SimManila.Model;
using SimManila.Simulation;

namespace SimManila.Services.Tests;

public class ProviderEquivalenceTests
{
    /// <summary>A share that is deleted while a snapshot of it is taken and a rule is allowed; every row and backend
    /// object printed in id order once the system is quiet.</summary>
    static List<string> Explore(ConcurrencyPolicy policy, DatabaseProvider database)
    {
        var fingerprints = new List<string>();
        var summary = SimRunner.Explore(new SimSettings
        {
            ProgramName = "provider-equivalence", Seed = 11, Iterations = 40, Strategy = StrategyKind.Random,
            StopAtFirstBug = false, MaxSteps = 100_000,
        }, sim =>
        {
            var d = Deployment.Create(sim, new Topology { Policy = policy, Database = database });
            var client = d.Client();
            sim.Spawn("setup", async () =>
            {
                var share = (await client.CreateShare(3)).Resource!.Id;
                await sim.Delay(TimeSpan.FromMinutes(1));
                sim.Spawn("delete", () => client.DeleteShare(share));
                sim.Spawn("snapshot", () => client.CreateSnapshot(share));
                sim.Spawn("allow", () => client.AllowAccess(share, "ip", "10.1.0.0/16"));
            });
            sim.WhenQuiet(() => fingerprints.Add(Fingerprint(d)));
        });
        Assert.Equal(40, summary.Schedules);
        return fingerprints;
    }

    static string Fingerprint(Deployment d)
    {
        var text = new StringBuilder();
        var store = d.Db.Store;
        foreach (var i in store.WhereIncludingDeleted<ShareInstance>(_ => true))
            text.Append($"instance {i.Id} {i.Status} deleted={i.Deleted} rules={i.AccessRulesStatus} size={i.Size}\n");
        foreach (var s in store.WhereIncludingDeleted<SnapshotInstance>(_ => true))
            text.Append($"snapshot {s.Id} {s.Status} deleted={s.Deleted}\n");
        foreach (var m in store.WhereIncludingDeleted<AccessRuleMapping>(_ => true))
            text.Append($"mapping {m.Id} {m.Status} deleted={m.Deleted}\n");
        foreach (var u in store.All<QuotaUsage>()) text.Append($"quota {u.Id} {u.InUse}/{u.Reserved}\n");
        foreach (var (host, backend) in d.Backends)
            text.Append($"backend {host} shares=[{string.Join(",", backend.Shares.Keys.Order())}] snapshots=[{string.Join(",", backend.Snapshots.Keys.Order())}]\n");
        text.Append($"violations={d.Transitions.Violations.Count} rpc-failures={d.Rpc.HandlerFailures.Count}\n");
        return text.ToString();
    }

    [Theory]
    [InlineData(ConcurrencyPolicy.Legacy)]
    [InlineData(ConcurrencyPolicy.Guarded)]
    public void SqliteAndInMemoryAgreeScheduleBySchedule(ConcurrencyPolicy policy)
    {
        var inMemory = Explore(policy, DatabaseProvider.InMemory);
        var sqlite = Explore(policy, DatabaseProvider.Sqlite);
        Assert.Equal(inMemory.Count, sqlite.Count);
        for (int i = 0; i < inMemory.Count; i++)
            Assert.True(inMemory[i] == sqlite[i], $"schedule {i} differs:\nInMemory:\n{inMemory[i]}\nSQLite:\n{sqlite[i]}");
        Assert.True(inMemory.Distinct().Count() > 1, "the schedules explored should reach different outcomes");
    }
}
