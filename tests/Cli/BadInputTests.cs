// Every bad input is exit 2 with one clear line naming the problem (the README's promise), one test per case found
// when a new user tried: overflowing durations and budgets, scenarios that cannot run, outputs that name the wrong kind
// of path, foreign trace versions, edited traces, impossible set-ups and step limits.
using System.Text.Json.Nodes;
using SimManila.Simulation;

namespace SimManila.Cli.Tests;

public sealed class BadInputTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    CliResult Test(params string[] args) => cli.Run(["test", .. args, "--parallel", "1", "--scenarios", cli.Scenarios]);

    [Theory]
    [InlineData("test", "double-share-delete")]
    [InlineData("hunt")]
    [InlineData("fuzz")]
    public void A_time_budget_too_large_for_a_timespan_is_bad_input(params string[] command) =>
        cli.Run([.. command, "--time-budget", "1000000000h", "--scenarios", cli.Scenarios]).BadInput("--time-budget: expected at most 365 days, got '1000000000h'");

    [Fact]
    public void A_hunt_budget_whose_legacy_share_overflows_runs_and_the_clock_decides()
    {
        var result = cli.Run("hunt", "--budget", "300000000", "--time-budget", "200ms", "--only", "double-share-delete", "--parallel", "1",
            "--scenarios", cli.Scenarios, "--traces", "traces");
        Assert.True(result.Exit is 0 or 1, result.ToString());
        result.OutHas($"Legacy until its first bug (at most {int.MaxValue} schedules), Guarded 300000000 schedules");
    }

    [Fact]
    public void A_host_local_coordinator_is_refused_by_validate_and_by_test()
    {
        var file = cli.WriteScenario("double-share-delete", "host-local-race", json => json["topology"]!["coordinator"] = "host-local");
        cli.Run("scenarios", "validate", file).BadInput("$.topology.coordinator", "cannot run under Guarded");
        Test(file).BadInput("host-local-race.json", "$.topology.coordinator");
    }

    [Fact]
    public void A_scenario_name_too_long_for_a_file_name_is_refused_before_any_exploration()
    {
        var name = string.Join("-", Enumerable.Repeat("long", 1000));
        var file = cli.PathOf("long.json");
        var json = JsonNode.Parse(File.ReadAllText(Repo.PathOf("scenarios", "double-share-delete.json")))!;
        json["name"] = name;
        File.WriteAllText(file, json.ToJsonString());
        cli.Run("scenarios", "validate", file).BadInput("$.name", "at most 100 characters");
        var result = Test(file, "--out", "traces");
        result.BadInput("long.json", "$.name");
        Assert.False(Directory.Exists(cli.PathOf("traces")));
    }

    [Fact]
    public void Output_options_naming_the_wrong_kind_of_path_are_refused_before_the_run()
    {
        File.WriteAllText(cli.PathOf("a-file"), "x");
        Directory.CreateDirectory(cli.PathOf("a-folder"));
        Test("double-share-delete", "--out", "a-file").BadInput("--out a-file: is a file; expected a directory");
        cli.Run("hunt", "--traces", "a-file", "--scenarios", cli.Scenarios).BadInput("--traces a-file: is a file");
        cli.Run("fuzz", "--out", "a-file", "--scenarios", cli.Scenarios).BadInput("--out a-file: is a file");
        cli.Run("coverage", "all", "--out", "a-file", "--scenarios", cli.Scenarios).BadInput("--out a-file: is a file");
        Test("double-share-delete", "--json", "a-folder").BadInput("--json a-folder: is a directory; expected a file name");
        Test("double-share-delete", "--junit", "a-folder").BadInput("--junit a-folder: is a directory");
        Test("double-share-delete", "--json", "a-file/report.json").BadInput("--json a-file/report.json:", "is a file, so nothing can be written under it");
        cli.Run("hunt", "--json", "a-folder", "--scenarios", cli.Scenarios).BadInput("--json a-folder: is a directory");
        cli.Run("merge", "x.json", "--json", "a-folder").BadInput("--json a-folder: is a directory");
    }

    [Fact]
    public void A_folder_given_as_the_scenario_or_the_trace_is_named_as_a_folder()
    {
        Test("a-folder-of-scenarios/").BadInput("scenario file not found");
        Directory.CreateDirectory(cli.PathOf("my-scenarios"));
        Test("my-scenarios").BadInput("my-scenarios: is a directory; expected a scenario file or a scenario name", "hunt --scenarios my-scenarios");
        Test("scenarios").BadInput("scenarios: is a directory");
        cli.Run("replay", "my-scenarios").BadInput("my-scenarios: is a directory; expected a trace file");
    }

    [Fact]
    public void A_compact_trace_of_an_unknown_version_is_named_as_such()
    {
        cli.Run("replay", "sm9:AAAAAAAA").BadInput("compact trace version 'sm9:' is not one this engine reads");
        cli.Run("minimize", "sm9:AAAAAAAA").BadInput("compact trace version 'sm9:'");
    }

    [Fact]
    public void A_set_up_call_manila_refuses_is_bad_input_not_a_bug()
    {
        var bad = cli.WriteScenario("double-share-delete", "bad-size", json => json["setup"]![0]!["args"]!["size"] = -1);
        cli.Run("scenarios", "validate", bad).BadInput("$.setup[0].args.size", "a set-up call must succeed");
        var protocol = cli.WriteScenario("double-share-delete", "bad-protocol", json => json["setup"]![0]!["args"]!["protocol"] = "NFZ");
        Test(protocol).BadInput("$.setup[0].args.protocol", "one of Manila's share protocols");
        // A set-up the loader cannot judge (an extend that does not grow the share) is caught before exploring.
        var extend = cli.WriteScenario("double-share-delete", "bad-extend", json =>
            json["setup"]!.AsArray().Add(JsonNode.Parse("""{ "call": "extendShare", "args": { "share": "$share", "newSize": 1 } }""")));
        cli.Run("scenarios", "validate", extend).Exit(0);
        var result = Test(extend, "--out", "traces");
        result.BadInput("bad scenario ", "bad-extend.json", "its set-up failed under legacy", "extendShare answered 400");
        Assert.False(Directory.Exists(cli.PathOf("traces")), "no trace: nothing was explored");
    }

    [Fact]
    public void A_step_limit_too_low_for_the_set_up_is_bad_input()
    {
        Test("double-share-delete", "--max-steps", "1", "--out", "traces").BadInput("--max-steps 1:", "set-up alone takes more than 1 steps", "20000");
        cli.Run("hunt", "--max-steps", "3", "--scenarios", cli.Scenarios).BadInput("--max-steps 3:");
        Assert.False(Directory.Exists(cli.PathOf("traces")));
    }

    [Theory]
    [InlineData("\"fireProbability\": 0.25", "\"fireProbability\": 5", "trace field 'faults.fireProbability': expected a probability in [0, 1], got 5")]
    [InlineData("\"strategy\": \"portfolio/round-robin\"", "\"strategy\": \"cleverest\"", "trace field 'strategy': unknown strategy 'cleverest'")]
    [InlineData("\"pctDepth\": 3", "\"pctDepth\": -2", "trace field 'pctDepth': expected a PCT depth >= 1, got -2")]
    [InlineData("\"iteration\": 0", "\"iteration\": -4", "trace field 'iteration': expected an iteration index >= 0, got -4")]
    public void An_edited_trace_field_out_of_range_is_named(string field, string edited, string message)
    {
        cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "1", "--parallel", "1", "--scenarios", cli.Scenarios, "--out", "t").Exit(1);
        var json = File.ReadAllText(cli.PathOf("t", "double-share-delete.legacy.it0.json"));
        Assert.Contains(field, json);
        File.WriteAllText(cli.PathOf("edited.json"), json.Replace(field, edited, StringComparison.Ordinal));
        cli.Run("replay", "edited.json").BadInput("edited.json: not a readable trace", message);
        var compact = SimTrace.FromJson(json) with { PctDepth = -2 };
        cli.Run("replay", compact.ToCompactString()).BadInput("not a readable trace string", "'pctDepth'");
    }

    [Fact]
    public void Without_a_command_every_command_is_listed()
    {
        var result = cli.Run();
        result.BadInput("expected a command (");
        foreach (var command in new[] { "hunt", "test", "fuzz", "replay", "minimize", "diagrams", "coverage", "scenarios", "bench", "merge" })
            Assert.Contains(command, result.Err.Split('\n')[0]);
    }
}
