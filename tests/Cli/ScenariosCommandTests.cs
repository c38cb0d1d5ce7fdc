// scenarios list | show | validate, scenario lookup (walking up to SimManila.sln, --scenarios, close matches).
using System.Text.Json.Nodes;
using SimManila.Scenarios;

namespace SimManila.Cli.Tests;

public sealed class ScenariosCommandTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void List_finds_the_catalogue_by_walking_up_to_the_solution()
    {
        var catalogue = ScenarioLoader.LoadDirectory(Repo.PathOf("scenarios"));
        var result = cli.RunIn(Repo.PathOf("src", "Cli"), "scenarios", "list");
        result.Exit(0);
        foreach (var scenario in catalogue) result.OutHas($"| {scenario.Name} ");
        result.OutHas($"{catalogue.Count} scenarios in ");
        // Plain output is a Markdown table: header, rule, one row per scenario.
        var lines = result.Out.Split('\n');
        Assert.StartsWith("| Scenario", lines[0]);
        Assert.StartsWith("|---", lines[1]);
    }

    [Fact]
    public void List_reads_the_directory_given_with_scenarios()
    {
        var result = cli.Run("scenarios", "list", "--scenarios", cli.Scenarios);
        result.Exit(0);
        result.OutHas("double-share-delete", "double-snapshot-delete", "2 scenarios in ");
        Assert.DoesNotContain("extend-racing-delete", result.Out);
    }

    [Fact]
    public void Outside_the_repository_the_catalogue_shipped_with_the_tool_is_read()
    {
        var catalogue = ScenarioLoader.LoadDirectory(Repo.PathOf("scenarios"));
        var result = cli.Run("scenarios", "list");
        result.Exit(0);
        result.OutHas($"{catalogue.Count} scenarios in {Path.Combine(AppContext.BaseDirectory, "scenarios")}");
        cli.Run("scenarios", "list", "--scenarios", "no-such-dir").BadInput("--scenarios no-such-dir: no such directory");
        cli.BundledScenarios = null;
        cli.Run("scenarios", "list").BadInput("SimManila.sln is not in", "this build ships none", "--scenarios DIR");
    }

    [Fact]
    public void Show_prints_one_scenario_and_its_json_round_trips()
    {
        var result = cli.Run("scenarios", "show", "double-share-delete", "--scenarios", cli.Scenarios);
        result.Exit(0);
        result.OutHas("double-share-delete", "reference: LP 1707377", "deleteShare(share=$share) on api-1", "expected under Legacy: one-delete-reaches-driver; under Guarded: clean");

        var json = cli.Run("scenarios", "show", "double-share-delete", "--json", "--scenarios", cli.Scenarios);
        json.Exit(0);
        Assert.Equal("double-share-delete", ScenarioLoader.Parse(json.Out, "shown.json").Name);
    }

    [Fact]
    public void Show_by_file_path()
    {
        var result = cli.Run("scenarios", "show", Path.Combine("scenarios", "double-snapshot-delete.json"));
        result.Exit(0);
        result.OutHas("double-snapshot-delete");
    }

    [Fact]
    public void An_unknown_name_gets_close_matches()
    {
        cli.Run("scenarios", "show", "double-share-delet", "--scenarios", cli.Scenarios)
            .BadInput("unknown scenario 'double-share-delet'", "did you mean: double-share-delete");
        cli.Run("scenarios", "show", "snapshot-delete-double", "--scenarios", cli.Scenarios)
            .BadInput("did you mean: double-snapshot-delete");
        cli.Run("scenarios", "show", "zzz", "--scenarios", cli.Scenarios)
            .BadInput("unknown scenario 'zzz'", "scenarios list");
        cli.Run("scenarios", "show", "missing.json").BadInput("scenario file not found: missing.json");
    }

    [Fact]
    public void Close_matches_rank_by_edit_distance()
    {
        string[] names = ["double-share-delete", "double-snapshot-delete", "extend-racing-delete", "two-snapshot-creates"];
        Assert.Equal("double-share-delete", ScenarioCatalog.CloseMatches("dobule-share-delete", names)[0]);
        Assert.Equal("two-snapshot-creates", ScenarioCatalog.CloseMatches("two-snapshot-create", names)[0]);
        Assert.Empty(ScenarioCatalog.CloseMatches("qqqqqqqq", names));
    }

    [Fact]
    public void Validate_accepts_the_catalogue()
    {
        var result = cli.RunIn(Repo.Root, "scenarios", "validate");
        result.Exit(0);
        result.OutHas("ok  ", "scenario files valid");
    }

    [Fact]
    public void Validate_names_file_line_and_path_of_malformed_json()
    {
        File.WriteAllText(cli.PathOf("broken.json"), "{\n  \"name\": \"x\",\n  \"concurrent\": [ { \"call\": \"deleteShare\" }\n}\n");
        var result = cli.Run("scenarios", "validate", "broken.json", Path.Combine("scenarios", "double-share-delete.json"));
        result.BadInput("broken.json:4:", "$.concurrent", "malformed JSON", "1 of 2 scenario files invalid");
        result.OutHas("ok  scenarios"); // the good one is still reported
    }

    [Fact]
    public void Validate_names_the_json_path_of_a_bad_value()
    {
        cli.WriteScenario("double-share-delete", "bad-call", json => json["concurrent"]![1]!["call"] = "deleteShareTwice");
        var result = cli.Run("scenarios", "validate", Path.Combine("scenarios", "bad-call.json"));
        result.BadInput("bad-call.json: $.concurrent[1].call:", "deleteShareTwice");
    }

    [Fact]
    public void A_broken_catalogue_file_stops_commands_that_need_the_whole_catalogue_with_its_message()
    {
        File.WriteAllText(Path.Combine(cli.Scenarios, "zz-broken.json"), "{ \"name\": ");
        cli.Run("scenarios", "list", "--scenarios", cli.Scenarios).BadInput("bad scenario file", "zz-broken.json:1:", "malformed JSON");
        // A look-up by name reads the scenario's own file first and still works.
        cli.Run("scenarios", "show", "double-share-delete", "--scenarios", cli.Scenarios).Exit(0);
    }

    [Fact]
    public void Verbose_logs_on_stderr()
    {
        var result = cli.Run("scenarios", "list", "--scenarios", cli.Scenarios, "--verbose");
        result.Exit(0);
        Assert.Contains("simmanila[debug] loading scenarios from", result.Err);
        Assert.DoesNotContain("simmanila[debug]", result.Out);
    }
}
