// Transition coverage of catalogue scenarios: the happy path's transitions are exercised, ones the scenario cannot
// reach are not, and the Mermaid diagrams mark what was not exercised.
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Services.Storage;
using SimManila.Simulation;
using SimManila.StateMachines;
using Xunit.Abstractions;

namespace SimManila.Systematic.Tests;

public class CoverageTests(ITestOutputHelper output)
{
    static SimSettings Baseline(int iterations) => new()
    {
        Seed = Catalogue.Seed, Iterations = iterations, MaxSteps = 20_000, Parallelism = Math.Min(2, Environment.ProcessorCount),
    };

    static readonly Lazy<CoverageReport> doubleDelete = new(() =>
        ScenarioCoverage.Explore([Catalogue.Get("double-share-delete")], ConcurrencyPolicy.Legacy, Baseline(60)));

    [Fact]
    public void Double_delete_exercises_its_happy_path_and_no_revert()
    {
        var report = doubleDelete.Value;
        output.WriteLine(report.ToText());
        Assert.Equal(60, report.Schedules); // bugs do not stop the exploration
        Assert.True(report.Exercised("share_instance", "creating", "mgr.create.ok", "available"));
        Assert.True(report.Exercised("share_instance", "available", "api.delete", "deleting"));
        var shareInstance = report.Machine("share_instance");
        Assert.Contains(shareInstance.Edges, e => e is { From: "available", Trigger: "api.revert", Exercised: false });
        Assert.DoesNotContain(shareInstance.Edges, e => e.Trigger.Contains("revert") && e.Exercised);
        Assert.Contains(shareInstance.Actions, a => a is { State: "available", Action: ApiAction.Delete, Exercised: true });
        Assert.Contains(shareInstance.Actions, a => a is { State: "available", Action: ApiAction.Revert, Exercised: false });
        Assert.InRange(shareInstance.EdgePercent, 0.1, 99.9);
        Assert.Equal(report.Machines.Count, ServiceMachines.For(ConcurrencyPolicy.Legacy).All.Count);
        Assert.Contains("share_instance: transitions ", report.ToText());
    }

    [Fact]
    public void The_mermaid_diagram_marks_unexercised_transitions()
    {
        var report = doubleDelete.Value;
        var mermaid = report.ToMermaid("share_instance");
        var lines = mermaid.Split('\n');
        Assert.StartsWith("stateDiagram-v2\n", mermaid);
        Assert.Contains(lines, l => l.StartsWith("    available --> reverting : api.revert") && l.EndsWith(MermaidExporter.NotExercised));
        Assert.Contains(lines, l => l.StartsWith("    creating --> available : mgr.create.ok") && !l.EndsWith(MermaidExporter.NotExercised));
        Assert.Contains(lines, l => l.StartsWith("    class ") && l.Contains("reverting") && l.EndsWith(" unexercisedState"));
        Assert.Contains("%% coverage: ", mermaid);

        var dir = Path.Combine(Path.GetTempPath(), $"simmanila-coverage-{Environment.ProcessId}");
        try
        {
            var paths = report.WriteMermaid(dir);
            Assert.Equal(report.Machines.Count, paths.Count);
            Assert.Equal(mermaid, File.ReadAllText(Path.Combine(dir, "share_instance.mmd")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Guarded_coverage_of_two_scenarios_is_the_union()
    {
        var scenarios = new[] { Catalogue.Get("double-share-delete"), Catalogue.Get("extend-racing-delete") };
        var both = ScenarioCoverage.Explore(scenarios, ConcurrencyPolicy.Guarded, Baseline(20));
        var one = ScenarioCoverage.Explore(scenarios.Take(1), ConcurrencyPolicy.Guarded, Baseline(20));
        Assert.Equal(["double-share-delete", "extend-racing-delete"], both.Scenarios);
        Assert.True(both.Exercised("share_instance", "available", "api.extend", "extending"));
        Assert.False(one.Exercised("share_instance", "available", "api.extend", "extending"));
        Assert.True(both.EdgesExercised >= one.EdgesExercised);
        Assert.Empty(both.Undeclared); // Guarded only writes declared transitions
        Assert.Throws<ArgumentException>(() => both.Machine("no_such_machine"));
    }
}
