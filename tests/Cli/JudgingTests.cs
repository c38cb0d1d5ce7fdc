// Exit codes and verdicts agree: test, merge and fuzz judge by no-bug unless told --judge expectation, which passes a
// run that shows what the scenario expects; every report says which mode judged it. hunt judges by expectation.
using System.Text.Json;
using System.Xml.Linq;

namespace SimManila.Cli.Tests;

public sealed class JudgingTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    CliResult Test(params string[] args) =>
        cli.Run(["test", "double-share-delete", "-n", "4", "--seed", "5", "--parallel", "1", "--scenarios", cli.Scenarios, "--out", "traces", .. args]);

    [Fact]
    public void By_default_a_test_that_finds_the_expected_bug_exits_1_and_says_it_judged_by_no_bug()
    {
        var result = Test("--json", "t.json", "--junit", "t.xml");
        result.Exit(1);
        result.OutHas("judged by no-bug (--judge no-bug): any bug fails the run", "expects one-delete-reaches-driver under legacy: as expected");
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("t.json")));
        Assert.Equal("no-bug", json.RootElement.GetProperty("judge").GetString());
        Assert.Contains(XDocument.Load(cli.PathOf("t.xml")).Descendants("property"), p => p.Attribute("name")!.Value == "judge" && p.Attribute("value")!.Value == "no-bug");
    }

    [Fact]
    public void Judged_by_expectation_the_expected_legacy_bug_and_a_clean_guarded_pass_with_exit_0()
    {
        var result = Test("--judge", "expectation", "--json", "t.json", "--junit", "t.xml");
        result.Exit(0);
        result.OutHas("judged by expectation (--judge expectation)", "bugs: one-delete-reaches-driver", "as expected (pass)");
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("t.json")));
        Assert.Equal("expectation", json.RootElement.GetProperty("judge").GetString());
        Assert.All(json.RootElement.GetProperty("runs").EnumerateArray(), r => Assert.True(r.GetProperty("passed").GetBoolean()));
        Assert.Empty(XDocument.Load(cli.PathOf("t.xml")).Descendants("failure"));
    }

    [Fact]
    public void Judged_by_expectation_a_scenario_that_misses_its_expectation_exits_1()
    {
        cli.WriteScenario("double-share-delete", "claims-guarded-races", json =>
            json["expect"]!["guarded"] = new System.Text.Json.Nodes.JsonArray("one-delete-reaches-driver"));
        var result = cli.Run("test", "claims-guarded-races", "--policy", "guarded", "-n", "3", "--parallel", "1", "--judge", "expectation",
            "--scenarios", cli.Scenarios, "--out", "traces");
        result.Exit(1);
        result.OutHas("NOT as expected (FAIL)");
    }

    [Fact]
    public void Merge_judges_as_its_shards_did_and_judge_overrides()
    {
        foreach (var shard in new[] { "1", "2" })
            Test("--shard", $"{shard}/2", "--judge", "expectation", "--json", $"e{shard}.json");
        var merged = cli.Run("merge", "e1.json", "e2.json", "--json", "m.json");
        merged.Exit(0);
        merged.OutHas("judged by expectation", "| pass ");
        Assert.DoesNotContain("FAIL", merged.Out);
        using (var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("m.json"))))
            Assert.Equal("expectation", json.RootElement.GetProperty("judge").GetString());
        cli.Run("merge", "e1.json", "e2.json", "--judge", "no-bug").Exit(1);

        Test("--shard", "2/2", "--json", "n2.json");
        cli.Run("merge", "e1.json", "n2.json").BadInput("judging mode", "differs", "--judge");
        cli.Run("merge", "e1.json", "n2.json", "--judge", "expectation").Exit(0);
    }

    [Fact]
    public void Fuzz_judged_by_expectation_fails_only_on_guarded_violations()
    {
        string[] args = ["fuzz", "--policy", "legacy", "--workloads", "12", "--schedules", "20", "--seed", "3", "--max-shrinks", "0",
            "--parallel", "1", "--out", "found", "--scenarios", cli.Scenarios];
        var plain = cli.Run(args);
        plain.Exit(1);
        var judged = cli.Run([.. args, "--judge", "expectation", "--json", "f.json"]);
        judged.Exit(0);
        judged.OutHas("Guarded must stay clean; Legacy's violations are expected", "violation");
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("f.json")));
        Assert.Equal("expectation", json.RootElement.GetProperty("judge").GetString());
    }

    [Fact]
    public void Hunt_says_it_judges_by_expectation_and_how_strong_its_clean_claim_is()
    {
        var result = cli.Run("hunt", "--budget", "6", "--parallel", "1", "--scenarios", cli.Scenarios, "--traces", "traces", "--json", "h.json");
        result.Exit(0);
        result.OutHas("judged by expectation", "guarded: clean: 6 schedules, ");
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("h.json")));
        Assert.Equal("expectation", json.RootElement.GetProperty("judge").GetString());
        var guarded = json.RootElement.GetProperty("runs").EnumerateArray().First(r => r.GetProperty("policy").GetString() == "guarded");
        long distinct = guarded.GetProperty("distinctSchedules").GetInt64();
        Assert.InRange(distinct, 1, 6);
        result.OutHas($"clean: 6 schedules, {distinct} distinct");
    }
}
