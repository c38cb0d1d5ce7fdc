// Shards writing into one folder never overwrite each other: a test trace's name carries its shard and iteration, and
// merge's first bug points at the file of that iteration. Merged distinct schedules are an upper bound and say so.
using System.Text.Json;
using SimManila.Simulation;

namespace SimManila.Cli.Tests;

public sealed class ShardTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    // Random: a memoryless strategy's shards split by iteration, so a run of 20 gives both shards schedules (a learning
    // strategy's shards take blocks of 256).
    CliResult Shard(string shard, string json) =>
        cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "20", "--seed", "5", "--strategy", "random", "--shard", shard, "--json", json,
            "--parallel", "1", "--scenarios", cli.Scenarios, "--out", "shared");

    [Fact]
    public void Two_shards_writing_to_one_folder_keep_both_traces_and_merge_points_at_the_first_bug_s_own_file()
    {
        Shard("1/2", "a.json").Exit(1);
        Shard("2/2", "b.json").Exit(1);
        var files = Directory.GetFiles(cli.PathOf("shared")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(files, f => f!.StartsWith("double-share-delete.legacy.shard1of2.it", StringComparison.Ordinal));
        Assert.Contains(files, f => f!.StartsWith("double-share-delete.legacy.shard2of2.it", StringComparison.Ordinal));
        // Each file holds the iteration its name says.
        foreach (var file in files)
        {
            var trace = SimTrace.Load(cli.PathOf("shared", file!));
            Assert.EndsWith($".it{trace.Iteration}.json", file);
            Assert.Equal(file!.Contains("shard1of2") ? 0 : 1, trace.Iteration % 2);
        }

        var merged = cli.Run("merge", "a.json", "b.json", "--json", "merged.json");
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("merged.json")));
        var first = json.RootElement.GetProperty("runs")[0].GetProperty("firstBug");
        var file0 = first.GetProperty("traceFile").GetString()!;
        Assert.Equal(first.GetProperty("iteration").GetInt64(), SimTrace.Load(cli.PathOf(file0)).Iteration);
        merged.OutHas($"replay the first bug with: simmanila replay {file0}");
    }

    [Fact]
    public void Merged_distinct_schedules_are_an_upper_bound_never_a_plain_sum()
    {
        Shard("1/2", "a.json");
        Shard("2/2", "b.json");
        var merged = cli.Run("merge", "a.json", "b.json", "--json", "merged.json");
        using var a = JsonDocument.Parse(File.ReadAllText(cli.PathOf("a.json")));
        using var b = JsonDocument.Parse(File.ReadAllText(cli.PathOf("b.json")));
        using var m = JsonDocument.Parse(File.ReadAllText(cli.PathOf("merged.json")));
        var run = m.RootElement.GetProperty("runs")[0];
        long sum = a.RootElement.GetProperty("runs")[0].GetProperty("distinctSchedules").GetInt64() + b.RootElement.GetProperty("runs")[0].GetProperty("distinctSchedules").GetInt64();
        Assert.Equal(sum, run.GetProperty("distinctSchedules").GetInt64());
        Assert.True(run.GetProperty("distinctIsUpperBound").GetBoolean());
        merged.OutHas($"at most {sum}");
    }
}
