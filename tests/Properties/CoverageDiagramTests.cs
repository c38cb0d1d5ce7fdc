// The Mermaid exporter's coverage marks: absent without coverage (the committed docs stay as they are), and exactly on
// the unexercised transitions with it.
using SimManila.StateMachines;

namespace SimManila.Properties.Tests;

public sealed class CoverageDiagramTests
{
    public static TheoryData<LifecycleResource, MachineVariant> Machines() => MachineStructureTests.Machines();

    [Theory, MemberData(nameof(Machines))]
    public void Without_coverage_the_diagram_is_the_plain_one(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        Assert.Equal(MermaidExporter.Export(machine), MermaidExporter.Export(machine, null));
        Assert.DoesNotContain(MermaidExporter.NotExercised, MermaidExporter.Export(machine));
    }

    [Theory, MemberData(nameof(Machines))]
    public void Full_coverage_marks_nothing_and_none_marks_every_edge(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        var all = MermaidExporter.Export(machine, _ => true);
        Assert.DoesNotContain(MermaidExporter.NotExercised, all);
        Assert.DoesNotContain("unexercisedState\n", all.Replace("classDef unexercisedState", ""));
        var none = MermaidExporter.Export(machine, _ => false);
        var edgeLines = none.Split('\n').Where(l => l.Contains(" --> ") && !l.Contains("[*]")).ToList();
        Assert.All(edgeLines, l => Assert.EndsWith(MermaidExporter.NotExercised, l));
        Assert.Contains($"%% coverage: 0 of {machine.Edges().Count()} transitions exercised", none);
    }
}
