// simmanila replay: numbered steps with the failing one marked, --until, compact strings, divergence, bad traces.
using SimManila.Simulation;

namespace SimManila.Cli.Tests;

public sealed class ReplayCommandTests : IDisposable
{
    readonly CliHarness cli = new();
    readonly string trace;

    public ReplayCommandTests()
    {
        cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "3", "--until-first-bug", "--parallel", "1",
            "--scenarios", cli.Scenarios, "--out", cli.PathOf("traces")).Exit(1);
        trace = cli.PathOf("traces", "double-share-delete.legacy.it0.json");
    }

    public void Dispose() => cli.Dispose();

    CliResult Replay(params string[] args) => cli.Run(["replay", .. args, "--scenarios", cli.Scenarios]);

    [Fact]
    public void A_failing_trace_replays_step_by_step_to_the_same_bug_and_exits_1()
    {
        var result = Replay(trace);
        result.Exit(1);
        var recorded = SimTrace.Load(trace);
        result.OutHas("Replaying double-share-delete under legacy", $"Recorded: AssertionFailed at step {recorded.BugStep}",
            "api-1: DELETE /shares/share-1", "api-2: DELETE /shares/share-1", "driver host1.delete_share(instance-1)",
            "<== fails here", "What must hold (one-delete-reaches-driver)", "Reproduces the recorded bug: same kind, same step, same message.");
        // One line per step, numbered, the failing one marked once.
        var marked = result.Out.Split('\n').Where(l => l.Contains("<== fails here")).ToList();
        var line = Assert.Single(marked);
        Assert.StartsWith($"{recorded.BugStep}.".PadLeft(4), line);
        Assert.Matches(@"(?m)^\s*1\. \[\s*0\.000s\] setup", result.Out);
    }

    [Fact]
    public void The_compact_string_replays_the_same()
    {
        var compact = SimTrace.Load(trace).ToCompactString();
        var result = Replay(compact);
        result.Exit(1);
        result.OutHas("<== fails here", "Reproduces the recorded bug");
    }

    [Fact]
    public void Until_stops_early_without_the_bug_and_exits_0()
    {
        var result = Replay(trace, "--until", "5");
        result.Exit(0);
        result.OutHas("until step 5", "Stopped after step 5 (--until); no bug up to here.");
        Assert.DoesNotContain("<== fails here", result.Out);
        Replay(trace, "--until", "0").BadInput("--until: expected a positive number, got 0");
    }

    [Fact]
    public void All_steps_shows_the_bare_scheduling_points_too()
    {
        var some = Replay(trace).Out.Split('\n').Length;
        var all = Replay(trace, "--all-steps").Out.Split('\n').Length;
        Assert.True(all > some, $"{all} lines with --all-steps, {some} without");
    }

    [Fact]
    public void Against_another_program_it_diverges_and_names_the_step()
    {
        cli.WriteScenario("double-share-delete", "three-deletes", json =>
            json["concurrent"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "call": "deleteShare", "args": { "share": "$share" }, "worker": 1 }""")));
        var result = Replay(trace, "--scenario", "three-deletes");
        result.Exit(1);
        result.OutHas("Replay DIVERGED after step ", "replay diverged at step ", "<== diverged here");
    }

    [Fact]
    public void Bad_traces_are_one_message_and_exit_2()
    {
        File.WriteAllText(cli.PathOf("truncated.json"), File.ReadAllText(trace)[..40]);
        Replay("truncated.json").BadInput("truncated.json: not a readable trace");
        Replay("sm1:AAAA").BadInput("not a readable trace string", "truncated");
        Replay("nowhere.json").BadInput("trace file not found: nowhere.json");
        Replay("").BadInput("expected a trace file or a trace string");

        var foreign = SimTrace.Load(trace) with { ProgramName = "lost-update" };
        foreign.Save(cli.PathOf("foreign.json"));
        Replay("foreign.json").BadInput("the trace is of program 'lost-update', not of a scenario run");

        var renamed = SimTrace.Load(trace) with { ProgramName = "tripple-share-delete/legacy", ProgramDescription = null };
        renamed.Save(cli.PathOf("renamed.json"));
        Replay("renamed.json").BadInput("unknown scenario 'tripple-share-delete'");
        var mislabelled = SimTrace.Load(trace) with { ProgramName = "tripple-share-delete/legacy" };
        mislabelled.Save(cli.PathOf("mislabelled.json"));
        Replay("mislabelled.json").BadInput("mislabelled.json", "the trace is of scenario 'tripple-share-delete' but carries scenario 'double-share-delete'");
    }
}
