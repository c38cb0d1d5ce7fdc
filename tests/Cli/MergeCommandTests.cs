// simmanila merge: shard reports of one run combine into the unsharded totals; mismatched or missing shards are bad input.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SimManila.Cli.Tests;

public sealed class MergeCommandTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    void Shard(string policy, string shard, string file, string seed = "5") =>
        cli.Run("test", "double-share-delete", "--policy", policy, "-n", "8", "--seed", seed, "--shard", shard, "--json", file,
            "--parallel", "1", "--scenarios", cli.Scenarios, "--out", cli.PathOf("traces"));

    [Fact]
    public void Shards_add_up_to_the_whole_run()
    {
        Shard("legacy", "1/2", "a.json");
        Shard("legacy", "2/2", "b.json");
        cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "8", "--seed", "5", "--json", "whole.json",
            "--parallel", "1", "--scenarios", cli.Scenarios, "--out", cli.PathOf("traces")).Exit(1);

        var result = cli.Run("merge", "a.json", "b.json", "--json", "merged.json", "--junit", "merged.xml");
        result.Exit(1);
        result.OutHas("Merged 2 reports of 'test': seed 5, strategy portfolio, 8 iterations, shards 1/2 2/2", "| double-share-delete | legacy ",
            "FAIL", "replay the first bug with: simmanila replay ", "8 schedules in all; 0/1 passed");

        using var merged = JsonDocument.Parse(File.ReadAllText(cli.PathOf("merged.json")));
        using var whole = JsonDocument.Parse(File.ReadAllText(cli.PathOf("whole.json")));
        var m = merged.RootElement.GetProperty("runs")[0];
        var w = whole.RootElement.GetProperty("runs")[0];
        Assert.Equal(w.GetProperty("schedules").GetInt64(), m.GetProperty("schedules").GetInt64());
        Assert.Equal(w.GetProperty("bugs").GetInt32(), m.GetProperty("bugs").GetInt32());
        Assert.Equal(w.GetProperty("firstBug").GetProperty("iteration").GetInt64(), m.GetProperty("firstBug").GetProperty("iteration").GetInt64());
        Assert.Equal(w.GetProperty("firstBug").GetProperty("trace").GetString(), m.GetProperty("firstBug").GetProperty("trace").GetString());
        Assert.Equal(["1/2", "2/2"], merged.RootElement.GetProperty("shards").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Clean_shards_merge_to_exit_0()
    {
        Shard("guarded", "1/3", "g1.json");
        Shard("guarded", "2/3", "g2.json");
        Shard("guarded", "3/3", "g3.json");
        var result = cli.Run("merge", "g1.json", "g2.json", "g3.json");
        result.Exit(0);
        result.OutHas("| pass ", "8 schedules in all; 1/1 passed");
    }

    [Fact]
    public void Missing_duplicate_and_mismatched_shards_are_bad_input()
    {
        Shard("guarded", "1/3", "g1.json");
        Shard("guarded", "2/3", "g2.json");
        Shard("guarded", "2/3", "other-seed.json", seed: "6");
        cli.Run("merge", "g1.json", "g2.json").BadInput("shard 3/3 missing", "--allow-partial");
        cli.Run("merge", "g1.json", "g2.json", "--allow-partial").Exit(0);
        cli.Run("merge", "g1.json", "g1.json").BadInput("shard 1/3 is already given by g1.json");
        cli.Run("merge", "g1.json", "other-seed.json").BadInput("other-seed.json: seed 6 differs from g1.json's 5");
    }

    [Fact]
    public void Files_that_are_not_reports_are_bad_input()
    {
        File.WriteAllText(cli.PathOf("broken.json"), "{ \"tool\": \"simmanila\", \"runs\": [ ");
        File.WriteAllText(cli.PathOf("other.json"), new JsonObject { ["tool"] = "pytest" }.ToJsonString());
        cli.Run("merge", "broken.json").BadInput("broken.json:1: not a simmanila JSON report");
        cli.Run("merge", "other.json").BadInput("other.json: not a simmanila JSON report");
        cli.Run("merge", "absent.json").BadInput("report not found: absent.json");
        cli.Run("merge").BadInput("Required argument missing");
    }
}
