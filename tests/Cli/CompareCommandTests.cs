// simmanila compare: both engines on the same scenario, the Legacy and throughput tables, the JSON figures, bad input.
using System.Text.Json;

namespace SimManila.Cli.Tests;

public sealed class CompareCommandTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    CliResult Compare(params string[] args) => cli.Run(["compare", .. args, "--scenarios", cli.Scenarios]);

    [Fact]
    public void Both_engines_side_by_side_with_the_figures_in_json()
    {
        var result = Compare("double-share-delete", "--seeds", "2", "--budget", "30", "--guarded-budget", "3",
            "--strategy", "portfolio", "--strategy", "coyote/q-learning", "--json", "compare.json");
        result.Exit(0);
        result.OutHas("Comparing 1 scenario with portfolio, coyote/q-learning", "seeds 1..2, at most 30 schedules per run",
            "| Scenario", "| portfolio", "| coyote/q-learning", "2/2", "ours Guarded/s", "coyote Guarded/s", "ours/coyote (Guarded)", "clean",
            "JSON: compare.json");

        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("compare.json")));
        var root = json.RootElement;
        Assert.Equal("compare", root.GetProperty("command").GetString());
        Assert.Equal(2, root.GetProperty("seeds").GetInt32());
        var scenario = root.GetProperty("scenarios")[0];
        Assert.Equal("double-share-delete", scenario.GetProperty("name").GetString());
        foreach (var legacy in scenario.GetProperty("legacy").EnumerateArray())
        {
            Assert.Equal(2, legacy.GetProperty("found").GetInt32());
            var toBug = legacy.GetProperty("schedulesToBug").EnumerateArray().Select(x => x.GetInt64()).ToList();
            Assert.Equal(2, toBug.Count);
            Assert.All(toBug, n => Assert.InRange(n, 1, 30));
            Assert.Equal(toBug.Average(), legacy.GetProperty("mean").GetDouble(), 2);
        }
        var guarded = scenario.GetProperty("guarded").EnumerateArray().ToList();
        Assert.Equal(["ours", "coyote"], guarded.Select(g => g.GetProperty("engine").GetString()));
        Assert.All(guarded, g => Assert.True(g.GetProperty("clean").GetBoolean()));
        Assert.All(guarded, g => Assert.True(g.GetProperty("schedulesPerSecond").GetDouble() > 0));
    }

    [Fact]
    public void Unknown_strategies_and_scenarios_are_bad_input()
    {
        Compare("double-share-delete", "--strategy", "coyote/pos").BadInput("--strategy: 'coyote/pos' is not a strategy", "coyote/q-learning");
        Compare("double-share-delete", "--engine", "ours", "--strategy", "coyote/random").BadInput("is not a strategy of --engine ours");
        Compare("no-such-scenario").BadInput("unknown scenario 'no-such-scenario'");
        Compare("double-share-delete", "--seeds", "0").BadInput("--seeds: expected a positive number");
    }
}
