// Coverage that tells the truth: a transition no code of the service can fire yet (not implemented) is counted and
// drawn apart from one the scenarios never reach; and the service's code is what decides which is which.
using SimManila.Scenarios;
using SimManila.StateMachines;

namespace SimManila.Cli.Tests;

public sealed class CoverageTruthTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void The_report_separates_not_reached_from_not_implemented_and_the_diagrams_draw_them_apart()
    {
        var result = cli.Run("coverage", "all", "--policy", "guarded", "--budget", "2", "--parallel", "1", "--scenarios", cli.Scenarios, "--out", "cov");
        result.Exit(0);
        var summary = result.Out.Split('\n').Single(l => l.StartsWith("  of the ", StringComparison.Ordinal) && l.Contains("not reached", StringComparison.Ordinal));
        Assert.Matches(@"of the \d+ transitions not exercised: \d+ not reached \(the service can fire them; no scenario gets there\), \d+ not implemented", summary);
        result.OutHas("[-] migrating -> ", "[ ] available -> reverting by api.revert", "[x] creating -> available by mgr.create.ok");
        var diagram = File.ReadAllText(cli.PathOf("cov", "guarded", "share_instance.mmd"));
        var lines = diagram.Split('\n');
        Assert.Contains(lines, l => l.Contains("mgr.migration_complete.ok", StringComparison.Ordinal) && l.EndsWith(MermaidExporter.NotImplemented, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    available --> reverting : api.revert", StringComparison.Ordinal) && l.EndsWith(MermaidExporter.NotExercised, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    class ", StringComparison.Ordinal) && l.EndsWith(" notImplementedState", StringComparison.Ordinal) && l.Contains("migrating_to", StringComparison.Ordinal));
    }

    [Fact]
    public void What_the_service_fires_is_implemented_and_what_it_never_names_is_not()
    {
        foreach (var trigger in new[] { "api.delete", "mgr.create.ok", Triggers.ForceDelete, Triggers.Refused("api.extend", "available"), "snapshot.begin" })
            Assert.True(ServiceTriggers.CanFire(trigger), trigger);
        foreach (var trigger in new[] { "mgr.migration.start", "api.unmanage", "mgr.backup_create.ok", Triggers.ResetStatus("error"), Triggers.Refused("api.unmanage", "available") })
            Assert.False(ServiceTriggers.CanFire(trigger), trigger);
    }
}
