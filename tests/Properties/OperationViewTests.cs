// Per-operation views of a large machine: each view draws exactly the transitions of its operation and the states they
// touch, the share instance's page carries the views of delete, snapshot work, replication and migration, and small
// machines get none.
using SimManila.StateMachines;

namespace SimManila.Properties.Tests;

public sealed class OperationViewTests
{
    public static TheoryData<LifecycleResource, MachineVariant> Machines() => MachineStructureTests.Machines();

    [Theory, MemberData(nameof(Machines))]
    public void A_view_draws_exactly_its_operation_s_transitions(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        foreach (var view in OperationViews.For(machine))
        {
            var edges = MermaidExporter.ExportView(machine, view.Includes).Split('\n').Where(l => l.Contains(" --> ", StringComparison.Ordinal) && !l.Contains("[*]", StringComparison.Ordinal)).ToList();
            int expected = machine.Transitions.Where(t => view.Includes(t.Trigger)).Sum(t => t.FromAnyState ? 1 : t.Sources.Count);
            Assert.Equal(expected, edges.Count);
            Assert.All(edges, e => Assert.True(view.Includes(e[(e.IndexOf(" : ", StringComparison.Ordinal) + 3)..].Split(' ')[0]), $"{view.Name}: {e}"));
            Assert.True(edges.Count < machine.Edges().Count(), $"{view.Name} is no smaller than the whole machine");
        }
    }

    [Fact]
    public void The_share_instance_page_has_the_views_the_whole_diagram_is_too_dense_for()
    {
        var page = DocsGenerator.Render()["share_instance.md"];
        Assert.Contains("## Per operation", page);
        foreach (var title in new[] { "### Delete (and force delete)", "### Snapshot work", "### Replication", "### Migration" })
            Assert.Contains(title, page);
        var views = OperationViews.For(Lifecycles.Get(LifecycleResource.ShareInstance, MachineVariant.Guarded)).Select(v => v.Name).ToList();
        foreach (var name in new[] { "delete", "snapshot", "replication", "migration" }) Assert.Contains(name, views);
        Assert.Empty(OperationViews.For(Lifecycles.Get(LifecycleResource.Backup, MachineVariant.Guarded)));
    }
}
