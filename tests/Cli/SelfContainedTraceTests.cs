// A trace carries its scenario: replay and minimize need nothing else, wherever the scenario file went, and every
// command a run prints as a hint works when pasted.
using SimManila.Simulation;

namespace SimManila.Cli.Tests;

public sealed class SelfContainedTraceTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    /// <summary>Runs a scenario file outside the catalogue, then deletes it: only the trace is left.</summary>
    string TraceOfAFileThatIsGone()
    {
        var file = cli.WriteScenario("double-share-delete", "my-own-double-delete", _ => { });
        var moved = cli.PathOf("elsewhere.json");
        File.Move(file, moved);
        var result = cli.Run("test", "elsewhere.json", "--policy", "legacy", "-n", "3", "--until-first-bug", "--parallel", "1",
            "--scenarios", cli.Scenarios, "--out", "found");
        result.Exit(1);
        File.Delete(moved);
        var hint = result.Out.Split('\n').Single(l => l.TrimStart().StartsWith("replay: simmanila replay ", StringComparison.Ordinal));
        return hint.Trim()["replay: simmanila replay ".Length..];
    }

    [Fact]
    public void Replay_of_a_finding_from_a_file_outside_the_catalogue_needs_only_the_trace()
    {
        var trace = TraceOfAFileThatIsGone();
        // The printed hint, pasted (it is relative to where test ran) ...
        var replay = cli.Run("replay", trace, "--scenarios", cli.Scenarios);
        replay.Exit(1);
        replay.OutHas("Replaying my-own-double-delete under legacy", "scenario from the trace", "<== fails here", "Reproduces the recorded bug");
        // ... and from another folder, with no catalogue at all.
        var elsewhere = Directory.CreateDirectory(cli.PathOf("other", "place")).FullName;
        cli.BundledScenarios = null;
        cli.RunIn(elsewhere, "replay", cli.PathOf(trace)).Exit(1);
        // The compact string carries the scenario too.
        var compact = SimTrace.Load(cli.PathOf(trace)).ToCompactString();
        Assert.StartsWith("sm2:", compact);
        cli.RunIn(elsewhere, "replay", compact).OutHas("Reproduces the recorded bug");
    }

    [Fact]
    public void Minimize_needs_only_the_trace_and_its_smaller_trace_carries_the_scenario()
    {
        var trace = TraceOfAFileThatIsGone();
        cli.BundledScenarios = null;
        var minimize = cli.Run("minimize", trace, "--out", "small.json");
        minimize.Exit(0);
        minimize.OutHas("Minimizing my-own-double-delete under legacy", "Replay it: simmanila replay small.json");
        var small = SimTrace.Load(cli.PathOf("small.json"));
        Assert.Contains("\"name\":\"my-own-double-delete\"", small.ProgramDescription);
        // The printed command, pasted.
        var command = minimize.Out.Split('\n').Single(l => l.StartsWith("Replay it: ", StringComparison.Ordinal))["Replay it: simmanila ".Length..].Trim();
        cli.Run(command.Split(' ')).OutHas("Reproduces the recorded bug");
    }

    [Fact]
    public void The_fuzz_hints_replay_without_naming_the_scenario()
    {
        var fuzz = cli.Run("fuzz", "--policy", "legacy", "--workloads", "12", "--schedules", "20", "--seed", "3", "--max-shrinks", "1",
            "--parallel", "1", "--out", "found", "--scenarios", cli.Scenarios);
        fuzz.Exit(1);
        var hint = fuzz.Out.Split('\n').First(l => l.TrimStart().StartsWith("simmanila replay ", StringComparison.Ordinal)).Trim();
        Assert.DoesNotContain("--scenario", hint);
        cli.BundledScenarios = null;
        var replay = cli.Run(hint.Split(' ')[1..]);
        replay.Exit(1);
        replay.OutHas("scenario from the trace", "Reproduces the recorded bug");
    }
}
