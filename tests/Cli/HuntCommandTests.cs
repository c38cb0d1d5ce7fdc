// simmanila hunt: every scenario under both policies, the table, traces, reports, and the exit code by expectation.
using System.Text.Json;
using System.Xml.Linq;

namespace SimManila.Cli.Tests;

public sealed class HuntCommandTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    CliResult Hunt(params string[] args) =>
        cli.Run(["hunt", "--scenarios", cli.Scenarios, "--traces", cli.PathOf("traces"), "--parallel", "1", .. args.Contains("--budget") ? args : ["--budget", "3", .. args]]);

    [Fact]
    public void Every_expectation_met_exits_0_with_the_table_traces_and_reports()
    {
        var result = Hunt("--json", "hunt.json", "--junit", "hunt.xml");
        result.Exit(0);
        result.OutHas(
            "Hunting 2 scenarios: Legacy until its first bug (at most 30 schedules), Guarded 3 schedules",
            "Guarded's 3 schedules per scenario are a smoke test rather than a proof: --budget 2000 makes a stronger claim",
            "judged by expectation", "[1/2] double-share-delete", "[2/2] double-snapshot-delete",
            "| Scenario", "| Legacy", "| Guarded",
            "| double-share-delete ", "one-delete-reaches-driver at schedule 1", "clean: 3 schedules, ",
            "Traces of the 2 findings in ", "simmanila replay ",
            "2/2 scenarios met their expectation");
        Assert.True(File.Exists(cli.PathOf("traces", "double-share-delete.legacy.json")));
        Assert.True(File.Exists(cli.PathOf("traces", "double-snapshot-delete.legacy.json")));
        Assert.False(File.Exists(cli.PathOf("traces", "double-share-delete.guarded.json")));

        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("hunt.json")));
        Assert.Equal("hunt", json.RootElement.GetProperty("command").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("iterations").GetInt32());
        Assert.Equal(30, json.RootElement.GetProperty("legacyIterations").GetInt32());
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(4, runs.GetArrayLength());
        foreach (var run in runs.EnumerateArray()) Assert.True(run.GetProperty("passed").GetBoolean());

        var junit = XDocument.Load(cli.PathOf("hunt.xml"));
        var cases = junit.Descendants("testcase").ToList();
        Assert.Equal(4, cases.Count);
        Assert.Equal(["double-share-delete/legacy", "double-share-delete/guarded", "double-snapshot-delete/legacy", "double-snapshot-delete/guarded"],
            cases.Select(c => c.Attribute("classname")!.Value["simmanila.".Length..] + "/" + c.Attribute("name")!.Value));
        Assert.Empty(junit.Descendants("failure"));
    }

    [Fact]
    public void A_proof_budget_proves_Guarded_clean_where_DFS_exhausts_its_schedules()
    {
        var result = Hunt("--only", "double-snapshot-delete", "--proof-budget", "2000", "--json", "proof.json");
        result.Exit(0);
        result.OutHas("Guarded 3 schedules unless DFS exhausts it within 2000", "proved clean: all ", " schedules (exhaustive, a proof)",
            "1/1 scenarios met their expectation", "Guarded proved clean (exhaustive) on 1/1");
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("proof.json")));
        Assert.Equal(2000, json.RootElement.GetProperty("proofIterations").GetInt32());
        var guarded = json.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("policy").GetString() == "guarded");
        Assert.True(guarded.GetProperty("exhausted").GetBoolean());
        Hunt("--proof-budget", "-1").BadInput("--proof-budget: expected a number >= 0, got -1");
    }

    [Fact]
    public void A_missed_expectation_exits_1_and_says_which()
    {
        // Guarded is clean, but this copy claims it shows the race.
        cli.WriteScenario("double-share-delete", "claims-guarded-races", json =>
            json["expect"]!["guarded"] = new System.Text.Json.Nodes.JsonArray("one-delete-reaches-driver"));
        var result = Hunt("--only", "claims-guarded-races", "--junit", "j.xml");
        result.Exit(1);
        result.OutHas("clean: 3 schedules, ", "(unexpected)", "| NO ", "claims-guarded-races under guarded: expected one-delete-reaches-driver but found nothing in 3 schedules",
            "0/1 scenarios met their expectation");
        Assert.Single(XDocument.Load(cli.PathOf("j.xml")).Descendants("failure"));
    }

    [Fact]
    public void Only_filters_and_unknown_names_get_close_matches()
    {
        var result = Hunt("--only", "double-snapshot-delete");
        result.Exit(0);
        result.OutHas("Hunting 1 scenario: ");
        Assert.DoesNotContain("double-share-delete", result.Out);
        Hunt("--only", "double-snapshot-delte").BadInput("unknown scenario 'double-snapshot-delte'", "did you mean: double-snapshot-delete");
    }

    [Fact]
    public void Bad_budgets_are_bad_input()
    {
        Hunt("--budget", "0").BadInput("--budget: expected a positive number, got 0");
        Hunt("--legacy-budget", "-1").BadInput("--legacy-budget: expected a positive number, got -1");
        Hunt("--time-budget", "-3s").BadInput("--time-budget");
    }

    [Fact]
    public void The_default_budgets_are_the_ones_the_guide_states()
    {
        Assert.Equal(200, Commands.HuntCommand.DefaultBudget);
        Assert.Equal(2000, Commands.HuntCommand.DefaultBudget * Commands.HuntCommand.LegacyFactor);
        var guide = File.ReadAllText(Repo.PathOf("docs", "reproduce-a-race.md"));
        Assert.Contains("Guarded 200 schedules", guide);
        Assert.Contains("a smoke test rather than a proof: --budget 2000", guide);
    }
}
