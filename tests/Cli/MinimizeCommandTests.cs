// simmanila minimize: a failing trace shrinks, still fails the same invariant, and the smaller trace replays.
namespace SimManila.Cli.Tests;

public sealed class MinimizeCommandTests : IDisposable
{
    readonly CliHarness cli = new();
    readonly string trace;

    public MinimizeCommandTests()
    {
        cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "3", "--until-first-bug", "--parallel", "1",
            "--scenarios", cli.Scenarios, "--out", cli.PathOf("traces")).Exit(1);
        trace = cli.PathOf("traces", "double-share-delete.legacy.it0.json");
    }

    public void Dispose() => cli.Dispose();

    [Fact]
    public void A_failing_trace_shrinks_and_the_smaller_one_still_fails_the_same_way()
    {
        var result = cli.Run("minimize", trace, "--scenarios", cli.Scenarios, "--out", "small.json");
        result.Exit(0);
        result.OutHas("Minimizing double-share-delete under legacy", "decisions (", "% shorter), still one-delete-reaches-driver", "Smaller trace: small.json");
        var replay = cli.Run("replay", "small.json", "--scenarios", cli.Scenarios);
        replay.Exit(1);
        replay.OutHas("one-delete-reaches-driver");
    }

    [Fact]
    public void A_passing_or_bad_trace_is_bad_input()
    {
        var clean = SimManila.Simulation.SimTrace.Load(trace) with { ProgramName = "double-share-delete/guarded", Decisions = [] };
        clean.Save(cli.PathOf("clean.json"));
        cli.Run("minimize", "clean.json", "--scenarios", cli.Scenarios).BadInput("clean.json");
        cli.Run("minimize", "sm1:AAAA", "--scenarios", cli.Scenarios).BadInput("not a readable trace string");
        cli.Run("minimize", "nowhere.json", "--scenarios", cli.Scenarios).BadInput("trace file not found");
    }
}
