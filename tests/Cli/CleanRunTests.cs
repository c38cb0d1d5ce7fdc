// What a clean run did, for a scenario's author: test --show-schedule K tells schedule K step by step whether or not it
// broke anything, and every test report counts what each concurrent call answered across the schedules.
using System.Text.Json;
using SimManila.Simulation;

namespace SimManila.Cli.Tests;

public sealed class CleanRunTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Show_schedule_tells_a_clean_schedule_step_by_step()
    {
        var result = cli.Run("test", "double-share-delete", "--policy", "guarded", "--show-schedule", "3", "--scenarios", cli.Scenarios);
        result.Exit(0);
        result.OutHas("Schedule 3 of double-share-delete under guarded: seed 20261121, strategy portfolio/", "api-1: DELETE /shares/share-1",
            "api-2: DELETE /shares/share-1", "answered", "Ends after ", "steps without a bug.");
        Assert.DoesNotContain("<== fails here", result.Out);
    }

    [Theory]
    [InlineData("double-share-delete", "share_instance instance-1: api.delete refused, no longer available", "share_instance instance-1: api.delete -> deleting")]
    [InlineData("double-delete-of-unplaced-share", "share_instance instance-1: api.delete.hostless refused, no longer", "share_instance instance-1: api.delete.hostless -> deleted (row deleted)")]
    public void A_claim_that_loses_its_test_and_set_is_told_as_refused_not_as_a_status_change(string scenario, string refused, string change)
    {
        // Under Guarded one of the two deletes loses its test-and-set in some schedules: find the first such one.
        for (int k = 0; k < 10; k++)
        {
            var result = cli.Run("test", scenario, "--policy", "guarded", "--show-schedule", k.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--scenarios", Repo.PathOf("scenarios"));
            result.Exit(0);
            if (!result.Out.Contains(refused, StringComparison.Ordinal)) continue;
            Assert.Single(result.Out.Split('\n'), l => l.Contains(change, StringComparison.Ordinal));
            return;
        }
        Assert.Fail($"no schedule among the first 10 of {scenario} had a delete lose its test-and-set");
    }

    [Fact]
    public void Show_schedule_of_the_iteration_a_run_failed_at_is_that_failure()
    {
        cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "6", "--seed", "9", "--parallel", "2", "--scenarios", cli.Scenarios,
            "--out", "t", "--json", "r.json").Exit(1);
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("r.json")));
        var first = json.RootElement.GetProperty("runs")[0].GetProperty("firstBug");
        long k = first.GetProperty("iteration").GetInt64();
        var shown = cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "6", "--seed", "9", "--show-schedule", k.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--scenarios", cli.Scenarios);
        shown.Exit(1);
        shown.OutHas("<== fails here", $"Ends in AssertionFailed at step {first.GetProperty("step").GetInt32()}", first.GetProperty("message").GetString()!);
        // The same schedule as the trace the run wrote.
        var trace = SimTrace.Load(cli.PathOf(first.GetProperty("traceFile").GetString()!));
        shown.OutHas($"{trace.Decisions.Count} decisions");
    }

    [Fact]
    public void Show_schedule_out_of_the_run_is_bad_input()
    {
        cli.Run("test", "double-share-delete", "-n", "5", "--show-schedule", "5", "--scenarios", cli.Scenarios).BadInput("--show-schedule: expected a schedule index 0 <= K < 5");
        cli.Run("test", "double-share-delete", "--show-schedule", "-1", "--scenarios", cli.Scenarios).BadInput("--show-schedule");
    }

    [Fact]
    public void Every_test_report_counts_each_concurrent_call_s_answers_and_merge_adds_them_up()
    {
        var result = cli.Run("test", "double-share-delete", "--policy", "guarded", "-n", "12", "--strategy", "random", "--parallel", "1", "--scenarios", cli.Scenarios,
            "--json", "all.json");
        result.Exit(0);
        result.OutHas("answers across the schedules:", "deleteShare#1@api-1: ", "deleteShare#2@api-2: ", "202 Accepted x");
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("all.json")));
        var answers = json.RootElement.GetProperty("runs")[0].GetProperty("answers");
        Assert.Equal(2, answers.GetArrayLength());
        foreach (var call in answers.EnumerateArray())
            Assert.Equal(12, call.GetProperty("answers").EnumerateObject().Sum(a => a.Value.GetInt64()));
        // Guarded: exactly one of two racing deletes is accepted in every schedule, so 202s add up to the schedules.
        Assert.Equal(12, answers.EnumerateArray().Sum(c => c.GetProperty("answers").TryGetProperty("202 Accepted", out var n) ? n.GetInt64() : 0));

        foreach (var shard in new[] { "1", "2" })
            cli.Run("test", "double-share-delete", "--policy", "guarded", "-n", "12", "--strategy", "random", "--parallel", "1", "--shard", $"{shard}/2",
                "--scenarios", cli.Scenarios, "--json", $"s{shard}.json").Exit(0);
        cli.Run("merge", "s1.json", "s2.json", "--json", "m.json").Exit(0);
        using var merged = JsonDocument.Parse(File.ReadAllText(cli.PathOf("m.json")));
        Assert.Equal(answers.ToString(), merged.RootElement.GetProperty("runs")[0].GetProperty("answers").ToString());
    }
}
