// simmanila fuzz: what it prints and writes, its exit codes, its bad input, and shards that merge into the whole run.
using System.Text.Json;

namespace SimManila.Cli.Tests;

public sealed class FuzzCommandTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    CliResult Fuzz(params string[] args) => cli.Run(["fuzz", "--parallel", "1", "--scenarios", cli.Scenarios, .. args]);

    [Fact]
    public void Legacy_violations_are_reported_grouped_and_shrunk_to_a_scenario_file_test_reproduces()
    {
        var result = Fuzz("--policy", "legacy", "--workloads", "12", "--schedules", "20", "--seed", "3", "--max-shrinks", "1",
            "--out", cli.PathOf("found"), "--json", cli.PathOf("fuzz.json"), "--junit", cli.PathOf("fuzz.xml"));
        result.Exit(1);
        result.OutHas("Fuzzing 12 workloads x 20 schedules under legacy: strategy random, faults on, seed 3, 1 worker",
            "legacy: 12 workloads, ", "| Policy | Invariant", "simmanila test ", "simmanila replay ");

        using var report = JsonDocument.Parse(File.ReadAllText(cli.PathOf("fuzz.json")));
        Assert.Equal("fuzz", report.RootElement.GetProperty("command").GetString());
        var run = report.RootElement.GetProperty("runs")[0];
        Assert.Equal(12, run.GetProperty("workloads").GetInt64());
        var shrunk = run.GetProperty("groups").EnumerateArray().First(g => g.GetProperty("shrunk").GetBoolean());
        var scenarioFile = shrunk.GetProperty("scenarioFile").GetString()!;
        Assert.True(File.Exists(shrunk.GetProperty("traceFile").GetString()));
        Assert.Contains("<testsuite name=\"simmanila fuzz\"", File.ReadAllText(cli.PathOf("fuzz.xml")));

        // The printed reproduction command, pasted: the shrunk file under test finds the same invariant.
        var command = result.Out.Split('\n').First(l => l.TrimStart().StartsWith("simmanila test ", StringComparison.Ordinal) && l.Contains(Path.GetFileName(scenarioFile)));
        var args = command.Trim().Split(' ').Skip(1).ToArray();
        var again = cli.Run([.. args, "--parallel", "1", "--scenarios", cli.Scenarios, "--out", cli.PathOf("again")]);
        again.Exit(1);
        again.OutHas(shrunk.GetProperty("violation").GetString()!, "as expected");
    }

    [Fact]
    public void A_clean_guarded_fuzz_exits_0()
    {
        var result = Fuzz("--policy", "guarded", "--workloads", "4", "--schedules", "3", "--seed", "11", "--faults", "off");
        result.Exit(0);
        result.OutHas("guarded: 4 workloads, 12 schedules, no violation");
    }

    [Fact]
    public void A_fuzz_that_explored_nothing_is_not_a_pass()
    {
        var result = Fuzz("--policy", "guarded", "--workloads", "4", "--schedules", "3", "--time-budget", "0.0001ms");
        result.Exit(1);
        result.OutHas("no schedule was explored", "not a pass");
    }

    [Fact]
    public void Show_workload_prints_the_same_loadable_scenario_every_time()
    {
        var first = Fuzz("--seed", "9", "--show-workload", "5");
        first.Exit(0);
        Assert.Equal(first.Out, Fuzz("--seed", "9", "--show-workload", "5").Out);
        var file = cli.PathOf("w5.json");
        File.WriteAllText(file, first.Out);
        cli.Run("scenarios", "validate", file, "--scenarios", cli.Scenarios).Exit(0);
    }

    [Theory]
    [InlineData("--workloads", "0", "--workloads: expected a positive number, got 0")]
    [InlineData("--schedules", "-3", "--schedules: expected a positive number, got -3")]
    [InlineData("--faults", "sometimes", "sometimes")]
    [InlineData("--strategy", "dfs", "dfs")]
    [InlineData("--workload", "-1", "--workload: expected a workload index >= 0, got -1")]
    [InlineData("--max-shrinks", "-1", "--max-shrinks: expected zero or more, got -1")]
    public void Bad_options_are_bad_input(string option, string value, string message) =>
        Fuzz(option, value).BadInput(message);

    [Fact]
    public void Shards_merge_into_the_whole_run()
    {
        string[] common = ["--policy", "legacy", "--workloads", "8", "--schedules", "6", "--seed", "4", "--max-shrinks", "0", "--out", cli.PathOf("found")];
        Fuzz([.. common, "--shard", "1/2", "--json", cli.PathOf("a.json")]);
        Fuzz([.. common, "--shard", "2/2", "--json", cli.PathOf("b.json")]);
        Fuzz([.. common, "--json", cli.PathOf("whole.json")]);
        var merged = cli.Run("merge", cli.PathOf("a.json"), cli.PathOf("b.json"), "--json", cli.PathOf("merged.json"));
        merged.OutHas("Merged 2 reports of 'fuzz'");

        using var m = JsonDocument.Parse(File.ReadAllText(cli.PathOf("merged.json")));
        using var w = JsonDocument.Parse(File.ReadAllText(cli.PathOf("whole.json")));
        var mr = m.RootElement.GetProperty("runs")[0];
        var wr = w.RootElement.GetProperty("runs")[0];
        foreach (var field in new[] { "workloads", "schedules", "bugs" })
            Assert.Equal(wr.GetProperty(field).GetInt64(), mr.GetProperty(field).GetInt64());
        Assert.Equal(wr.GetProperty("violations").ToString(), mr.GetProperty("violations").ToString());
        Assert.Equal(w.RootElement.GetProperty("exitCode").GetInt32(), m.RootElement.GetProperty("exitCode").GetInt32());
    }
}
