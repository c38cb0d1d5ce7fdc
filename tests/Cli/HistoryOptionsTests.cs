// Manila's race history on the command line: `scenarios fixes`, `test --without-fix ID` (a scenario clean with every fix
// finds its race with one switched off, and its trace, which carries the scenario as run, replays), `test --fault`, and
// exit 2 with the closest names for an unknown fix or fault site.
using SimManila.Services.History;

namespace SimManila.Cli.Tests;

public sealed class HistoryOptionsTests : IDisposable
{
    const string Fixed = "deferred-snapshot-deletion-today";
    readonly CliHarness cli = new("double-share-delete");

    public HistoryOptionsTests() =>
        // The catalogue's scenario of LP 2068043 with the fix left on: Manila as it is now.
        cli.WriteScenario("deferred-snapshot-deletion-on-another-host", Fixed, json => json["topology"]!.AsObject().Remove("reproduceFixedBugs"));

    public void Dispose() => cli.Dispose();

    CliResult Test(params string[] args) =>
        cli.Run(["test", Fixed, "--policy", "legacy", "-n", "150", "--until-first-bug", "--parallel", "1", "--scenarios", cli.Scenarios,
            "--out", cli.PathOf("traces"), .. args]);

    [Fact]
    public void Scenarios_fixes_lists_every_fix_with_the_scenario_that_shows_it()
    {
        var result = cli.RunIn(Repo.PathOf("src", "Cli"), "scenarios", "fixes");
        result.Exit(0);
        foreach (var fix in Fixes.All) result.OutHas($"| {fix.Id} ", $"| {fix.Commit} ");
        result.OutHas("| LP 2068043 ", "deferred-snapshot-deletion-on-another-host", $"{Fixes.All.Count} fixes.");
        Assert.DoesNotContain("(none)", result.Out);
    }

    [Fact]
    public void Without_the_fix_Legacy_finds_the_race_a_scenario_with_it_never_shows_and_the_trace_replays()
    {
        var clean = Test();
        clean.Exit(0);
        clean.OutHas("no bug found");

        var found = Test("--without-fix", "LP 2068043");
        found.Exit(1);
        found.OutHas("As changed on the command line: Legacy without LP 2068043 (f1647baaf)", "backend-changed-by-its-host");
        // The trace carries the scenario as run, the fix off: it replays on its own.
        var trace = Directory.GetFiles(cli.PathOf("traces"), $"{Fixed}.legacy.*.json").Single();
        var replay = cli.Run("replay", trace);
        replay.Exit(1);
        replay.OutHas("Reproduces the recorded bug");
        // The same fix named by its commit.
        Test("--without-fix", "f1647baaf").Exit(1);
    }

    [Fact]
    public void A_fault_on_the_command_line_joins_the_scenario_and_replaces_its_plan_for_that_site()
    {
        // Failing every delete keeps the snapshot in error_deferred_deleting on host1: host2's task still takes it.
        var result = Test("--without-fix", "LP 2068043", "--fault", "driver.delete_snapshot@host1:always");
        result.Exit(1);
        result.OutHas("with fault driver.delete_snapshot@host1:always");
        var shown = cli.Run("test", Fixed, "--policy", "legacy", "--show-schedule", "0", "-n", "1", "--scenarios", cli.Scenarios,
            "--fault", "driver.delete_snapshot@host1:always");
        // Every delete on host1 fails (the scenario's own plan for the plain site stays): each retry meets the fault.
        Assert.True(shown.Out.Split("fault driver.delete_snapshot@host1 fires").Length > 2, shown.ToString());
    }

    [Fact]
    public void Unknown_fixes_and_fault_sites_are_bad_input_with_the_closest_names()
    {
        Test("--without-fix", "LP 206804").BadInput("--without-fix LP 206804: no such fix", "did you mean: LP 2068043?");
        Test("--without-fix", "2068043").BadInput("did you mean: LP 2068043?");
        Test("--without-fix", "nothing-like-it").BadInput("'simmanila scenarios fixes' lists the");
        Test("--fault", "driver.delete_snapshots").BadInput("unknown fault site \"driver.delete_snapshots\"", "did you mean: driver.delete_snapshot");
        Test("--fault", "driver.delete_snapshot@host3").BadInput("has no process \"host3\"", "did you mean: host1");
        Test("--fault", "driver.delete_snapshot:twice").BadInput("unknown plan 'twice'");
        Test("--fault", "crash.api:delay=5").BadInput("cannot be delayed");
    }
}
