// simmanila test: exit 0 clean, 1 bug found, 2 bad input; the summary, the traces, the JSON and JUnit reports.
using System.Text.Json;
using System.Xml.Linq;

namespace SimManila.Cli.Tests;

public sealed class TestCommandTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    CliResult Test(params string[] args) => cli.Run(["test", .. args, "--scenarios", cli.Scenarios, "--out", cli.PathOf("traces")]);

    [Fact]
    public void Guarded_clean_exits_0_with_a_summary_in_schedules_per_second()
    {
        var result = Test("double-share-delete", "--policy", "guarded", "-n", "6", "--parallel", "1");
        result.Exit(0);
        result.OutHas("Scenario double-share-delete", "6 iterations, strategy portfolio (depth 3)", "guarded: 6 schedules in ", "/s)",
            "no bug found", "expects clean under guarded: as expected");
        Assert.DoesNotContain("legacy:", result.Out);
        Assert.False(Directory.Exists(cli.PathOf("traces")));
    }

    [Fact]
    public void A_bug_exits_1_writes_its_trace_and_the_reports()
    {
        var result = Test("double-share-delete", "--policy", "legacy", "-n", "4", "--until-first-bug",
            "--json", "report.json", "--junit", "junit.xml");
        result.Exit(1);
        var trace = cli.PathOf("traces", "double-share-delete.legacy.it0.json");
        result.OutHas("legacy: ", "1 bug: one-delete-reaches-driver x1", "first: iteration 0", "replay: simmanila replay ",
            "expects one-delete-reaches-driver under legacy: as expected", "JSON summary: report.json", "JUnit report: junit.xml");
        Assert.True(File.Exists(trace));

        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("report.json")));
        var root = json.RootElement;
        Assert.Equal("simmanila", root.GetProperty("tool").GetString());
        Assert.Equal("test", root.GetProperty("command").GetString());
        Assert.Equal(1, root.GetProperty("exitCode").GetInt32());
        var run = root.GetProperty("runs")[0];
        Assert.Equal("legacy", run.GetProperty("policy").GetString());
        Assert.Equal(1, run.GetProperty("bugs").GetInt32());
        Assert.False(run.GetProperty("passed").GetBoolean());
        Assert.True(run.GetProperty("metExpectation").GetBoolean());
        Assert.StartsWith("sm2:", run.GetProperty("firstBug").GetProperty("trace").GetString()); // it carries the scenario
        Assert.Equal("one-delete-reaches-driver", run.GetProperty("firstBug").GetProperty("violation").GetString());

        var junit = XDocument.Load(cli.PathOf("junit.xml"));
        var testcase = Assert.Single(junit.Descendants("testcase"));
        Assert.Equal("simmanila.double-share-delete", testcase.Attribute("classname")!.Value);
        Assert.Equal("legacy", testcase.Attribute("name")!.Value);
        Assert.NotNull(testcase.Element("failure"));
        Assert.Equal("1", junit.Root!.Attribute("failures")!.Value);
    }

    [Fact]
    public void Both_policies_by_default_and_every_bug_counted_without_until_first_bug()
    {
        var result = Test("double-share-delete", "-n", "8", "--json", "both.json");
        result.Exit(1);
        result.OutHas("legacy: 8 schedules", "guarded: 8 schedules", "no bug found");
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("both.json")));
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(2, runs.GetArrayLength());
        Assert.Equal(8, runs[0].GetProperty("schedules").GetInt64());
        Assert.True(runs[0].GetProperty("bugs").GetInt32() >= 1);
        Assert.True(runs[1].GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Same_seed_same_result_whatever_the_parallelism()
    {
        string Summary(string parallel)
        {
            Test("double-share-delete", "--policy", "legacy", "-n", "12", "--seed", "7", "--parallel", parallel, "--json", $"p{parallel}.json").Exit(1);
            using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf($"p{parallel}.json")));
            var run = json.RootElement.GetProperty("runs")[0];
            return $"{run.GetProperty("bugs")}/{run.GetProperty("distinctSchedules")}/{run.GetProperty("firstBug").GetProperty("trace")}";
        }
        Assert.Equal(Summary("1"), Summary("2"));
    }

    [Fact]
    public void Strategies_depth_max_steps_time_budget_and_shard_are_accepted()
    {
        foreach (var strategy in new[] { "random", "pct", "pos", "dfs", "portfolio", "learning", "probabilistic" })
            Assert.NotEqual(2, Test("double-share-delete", "--policy", "guarded", "-n", "2", "--strategy", strategy, "--parallel", "1").Exit);
        var result = Test("double-share-delete", "--policy", "guarded", "-n", "4", "--strategy", "pct", "--depth", "2",
            "--max-steps", "5000", "--time-budget", "30s", "--shard", "2/2");
        result.Exit(0);
        result.OutHas("4 iterations, shard 2/2, strategy pct (depth 2)", "time budget 30.0s", "guarded: 2 schedules");
    }

    [Fact]
    public void Dfs_with_reduction_says_when_clean_is_a_proof()
    {
        var result = Test("double-snapshot-delete", "--policy", "guarded", "--strategy", "dfs", "--reduction", "-n", "2000", "--json", "proof.json");
        result.Exit(0);
        result.OutHas("strategy dfs", ", reduction", "no bug found",
            "exhaustive: a proof. DFS explored every schedule of at most 20000 steps (one of each set that differs only in the order of steps on different resources) and none breaks an invariant");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(cli.PathOf("proof.json")));
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.True(run.GetProperty("exhausted").GetBoolean());
        Assert.EndsWith("a proof", run.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Bounded_dfs_reports_each_bound_and_pct_its_calibration()
    {
        var bounded = Test("double-share-delete", "--policy", "legacy", "--strategy", "dfs", "--bound", "preemptions", "--max-bound", "1", "-n", "300");
        bounded.OutHas("preemptions bounded up to 1", "bound 0: ", "bound 1: ");
        Test("double-share-delete", "--policy", "guarded", "--strategy", "pct", "-n", "2").OutHas("PCT k = ", "complete calibration runs");
    }

    [Fact]
    public void A_scenario_file_path_works_and_a_malformed_one_is_bad_input()
    {
        var path = cli.WriteScenario("double-share-delete", "my-own", _ => { });
        Test(path, "--policy", "guarded", "-n", "2").Exit(0);

        File.WriteAllText(cli.PathOf("bad.json"), "{\n  \"name\": \"bad\",\n  \"expect\": { \"legacy\": [\"x\" }\n}");
        Test("bad.json").BadInput("bad scenario file", "bad.json:3:", "$.expect");
    }

    [Theory]
    [InlineData("--iterations", "0", "--iterations: expected a positive number, got 0")]
    [InlineData("--depth", "0", "--depth: expected a positive number, got 0")]
    [InlineData("--max-steps", "-5", "--max-steps: expected a positive number, got -5")]
    [InlineData("--parallel", "0", "--parallel: expected a positive number, got 0")]
    [InlineData("--shard", "3/2", "--shard 3/2: expected i/N with 1 <= i <= N")]
    [InlineData("--shard", "0/2", "--shard 0/2: expected i/N")]
    [InlineData("--shard", "two", "--shard two: expected i/N")]
    [InlineData("--time-budget", "soon", "--time-budget: expected a duration such as 90s")]
    [InlineData("--time-budget", "0s", "--time-budget: expected a positive duration")]
    [InlineData("--strategy", "fastest", "fastest")]
    [InlineData("--policy", "careful", "careful")]
    [InlineData("--iterations", "many", "many")]
    public void Impossible_option_values_are_one_message_and_exit_2(string option, string value, string message)
    {
        Test("double-share-delete", option, value).BadInput(message);
    }

    [Fact]
    public void Dfs_options_are_checked_and_unknown_scenarios_get_close_matches()
    {
        Test("double-share-delete", "--strategy", "dfs", "--shard", "1/2").BadInput("--shard does not apply to --strategy dfs");
        Test("double-share-delete", "--reduction").BadInput("--bound, --max-bound and --reduction apply to --strategy dfs only");
        Test("double-share-delete", "--strategy", "pos", "--bound", "delays").BadInput("apply to --strategy dfs only");
        Test("double-share-delete", "--strategy", "dfs", "--max-bound", "2").BadInput("--max-bound needs --bound preemptions or --bound delays");
        Test("double-share-delete", "--strategy", "dfs", "--bound", "delays", "--max-bound", "-1").BadInput("--max-bound: expected a number >= 0, got -1");
        Test("double-share-delete", "--strategy", "dfs", "--bound", "sometimes").BadInput("sometimes");
        Test("double-snapshot-delet").BadInput("unknown scenario 'double-snapshot-delet'", "did you mean: double-snapshot-delete");
        cli.Run("test").BadInput("Required argument missing");
    }

    [Fact]
    public void A_test_or_hunt_that_explored_no_schedule_is_not_a_pass()
    {
        var test = Test("double-share-delete", "--policy", "guarded", "--strategy", "random", "--time-budget", "0.0001ms");
        test.Exit(1);
        test.OutHas("no schedule was explored", "not a pass");
        var hunt = cli.Run("hunt", "--scenarios", cli.Scenarios, "--traces", cli.PathOf("traces"), "--parallel", "1", "--time-budget", "0.0001ms");
        hunt.Exit(1);
        hunt.OutHas("0/2 scenarios met their expectation");
    }
}
