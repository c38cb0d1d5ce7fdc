// simmanila test --engine coyote and replay of its traces: Coyote's strategies, both traces of a finding (ours of the
// interleaving Coyote chose, and Coyote's own), each replayed to the same bug; bad combinations are bad input.
using SimManila.Simulation;
using SimManila.Simulation.Coyote;

namespace SimManila.Cli.Tests;

public sealed class CoyoteEngineTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    CliResult Test(params string[] args) => cli.Run(["test", .. args, "--scenarios", cli.Scenarios, "--out", cli.PathOf("traces")]);

    CliResult Replay(params string[] args) => cli.Run(["replay", .. args, "--scenarios", cli.Scenarios]);

    CliResult FindWithCoyote() => Test("double-share-delete", "--engine", "coyote", "--policy", "legacy", "-n", "40", "--until-first-bug");

    /// <summary>The finding's trace as its name carries its iteration: "double-share-delete.legacy.coyote.it&lt;k&gt;" + extension.</summary>
    string Found(string extension) => Assert.Single(Directory.GetFiles(cli.PathOf("traces"), "double-share-delete.legacy.coyote.it*" + extension));

    [Fact]
    public void A_Coyote_finding_writes_both_traces_and_each_replays_to_the_same_bug()
    {
        var found = FindWithCoyote();
        found.Exit(1);
        var (ourFile, coyoteFile) = (Path.GetFileName(Found(".json")), Path.GetFileName(Found(".trace")));
        found.OutHas("strategy coyote/portfolio", "1 worker (Coyote's TestingEngine runs one iteration at a time)", "1 bug: one-delete-reaches-driver x1",
            $"trace (one-delete-reaches-driver): traces/{ourFile}",
            $"Coyote's trace (one-delete-reaches-driver): traces/{coyoteFile}",
            $"replay under Coyote: simmanila replay traces/{coyoteFile}");
        Assert.Equal(Path.ChangeExtension(ourFile, ".trace"), coyoteFile);
        var ours = SimTrace.Load(Found(".json"));
        Assert.Equal("coyote/portfolio", ours.Strategy);
        var coyote = CoyoteTrace.Parse(File.ReadAllText(Found(".trace")));
        Assert.Equal("double-share-delete/legacy", coyote.ProgramName);
        Assert.Equal(ours.BugStep, coyote.BugStep);

        var underCoyote = Replay(Found(".trace"));
        underCoyote.Exit(1);
        underCoyote.OutHas("Replaying double-share-delete under legacy with Coyote's replay: strategy coyote/portfolio",
            "driver host1.delete_share(instance-1)", "<== fails here", "Reproduces the recorded bug: same kind, same step, same message.");

        // The same interleaving, recorded as our decisions, narrates identically on our loop.
        var onOurs = Replay(Found(".json"));
        onOurs.Exit(1);
        onOurs.OutHas("Reproduces the recorded bug: same kind, same step, same message.");
        static IEnumerable<string> Steps(string output) => output.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*\d+\. \["));
        Assert.Equal(Steps(underCoyote.Out), Steps(onOurs.Out));
    }

    [Fact]
    public void Every_Coyote_strategy_is_a_name_our_trace_readers_accept() =>
        Assert.Equal(CoyoteStrategies.ByName.Keys.Order(StringComparer.Ordinal), TraceStrategies.Coyote.Order(StringComparer.Ordinal));

    [Fact]
    public void Every_Coyote_strategy_runs_and_Guarded_stays_clean()
    {
        foreach (var strategy in CoyoteStrategies.ByName.Keys)
        {
            var result = Test("double-share-delete", "--engine", "coyote", "--strategy", strategy, "--policy", "guarded", "-n", "3");
            result.Exit(0);
            result.OutHas($"strategy coyote/{strategy}", "guarded: 3 schedules in ", "no bug found");
        }
        Test("double-share-delete", "--engine", "coyote", "--strategy", "prioritization", "--depth", "2", "--policy", "guarded", "-n", "2")
            .OutHas("strategy coyote/prioritization (bound 2)");
    }

    [Fact]
    public void Strategies_of_the_other_engine_shards_and_until_on_a_Coyote_trace_are_bad_input()
    {
        Test("double-share-delete", "--strategy", "q-learning").BadInput("--strategy q-learning is one of Coyote's strategies: add --engine coyote");
        Test("double-share-delete", "--engine", "coyote", "--strategy", "pos").BadInput("--strategy pos is one of our engine's strategies: add --engine ours");
        Test("double-share-delete", "--engine", "coyote", "--shard", "1/2").BadInput("--shard does not apply to --engine coyote");
        Test("double-share-delete", "--engine", "warp").BadInput("warp");

        FindWithCoyote().Exit(1);
        var trace = Found(".trace");
        Replay(trace, "--until", "3").BadInput("--until: a Coyote trace replays to its end under Coyote");
        var broken = cli.PathOf("broken.trace");
        File.WriteAllText(broken, File.ReadAllText(trace).Replace("\"SimManila\"", "\"Other\"", StringComparison.Ordinal));
        Replay(broken).BadInput("not a readable Coyote trace", "no 'SimManila' field");
    }
}
