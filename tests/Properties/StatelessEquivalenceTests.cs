// The compiled table the service reads says exactly what Stateless says, for every machine under both policies: the
// same edges with the same guard descriptions, the same permitted triggers in every state, the same targets; and the
// API actions and state kinds are the metadata's. Compiling refuses a Stateless machine the metadata does not explain.
using SimManila.StateMachines;

namespace SimManila.Properties.Tests;

public sealed class StatelessEquivalenceTests
{
    public static TheoryData<LifecycleResource, MachineVariant> Machines() => MachineStructureTests.Machines();

    [Theory, MemberData(nameof(Machines))]
    public void Edges_and_guard_descriptions_equal_what_GetInfo_reports(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        var info = Lifecycles.Define(resource, variant).Machine.GetInfo();
        var stateless = info.States
            .SelectMany(s => s.FixedTransitions.Select(t => (From: (string)s.UnderlyingState, Trigger: (string)t.Trigger.UnderlyingTrigger,
                To: (string)t.DestinationState.UnderlyingState, Guard: string.Join(" & ", t.GuardConditionsMethodDescriptions.Select(g => g.Description)))))
            .OrderBy(e => e.ToString(), StringComparer.Ordinal).ToList();
        var table = machine.Transitions
            .SelectMany(t => t.Sources.Select(s => (From: s, t.Trigger, To: t.Target, t.Guard)))
            .OrderBy(e => e.ToString(), StringComparer.Ordinal).ToList();
        Assert.Equal(stateless, table);
        Assert.Equal(stateless.Count, machine.Edges().Count());
        Assert.Equal(machine.States.Select(s => s.Name).Order(StringComparer.Ordinal),
            info.States.Select(s => (string)s.UnderlyingState).Order(StringComparer.Ordinal));
        Assert.Equal(machine.Initial, info.InitialState.UnderlyingState);
    }

    [Theory, MemberData(nameof(Machines))]
    public async Task Every_state_permits_and_leads_where_Stateless_does(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        var probe = StatelessProbe.Of(resource, variant);
        var triggers = probe.Triggers.Append("no.such.trigger").ToList();
        foreach (var state in machine.States.Select(s => s.Name))
        {
            var permitted = (await probe.Definition.In(state).PermittedTriggersAsync).Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.Equal(permitted, machine.AllowedTriggers(state));
            foreach (var trigger in triggers)
            {
                Assert.True(probe.Definition.In(state).CanFire(trigger) == machine.CanFire(state, trigger), $"{machine}: CanFire({state}, {trigger})");
                if (machine.TargetOf(state, trigger) is { } target) Assert.Equal(target, probe.Fire(state, trigger));
            }
            foreach (var to in machine.States.Select(s => s.Name))
                Assert.Equal(permitted.Any(t => probe.Fire(state, t) == to), machine.IsDeclared(state, to));
        }
    }

    [Theory, MemberData(nameof(Machines))]
    public void Permitted_api_actions_kinds_and_initial_states_are_the_metadata(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        var metadata = Lifecycles.Define(resource, variant).Metadata;
        Assert.Equal(metadata.States, machine.States);
        Assert.Equal(metadata.InitialStates, machine.InitialStates);
        foreach (var state in metadata.States)
        {
            var expected = metadata.Permits.TryGetValue(state.Name, out var actions) ? actions : [];
            Assert.Equal(expected, machine.PermittedActions(state.Name));
            foreach (var action in Enum.GetValues<ApiAction>())
                Assert.Equal(expected.Contains(action), machine.Permits(state.Name, action));
        }
    }

    /// <summary>A permit added on Stateless behind the builder's back: compiling names what the metadata cannot explain.</summary>
    [Theory]
    [InlineData(LifecycleResource.Backup, MachineVariant.Guarded, "available", "api.surprise", "error",
        "backup (Guarded) lifecycle: Stateless permits what no declaration says: 'api.surprise' from 'available'")]
    [InlineData(LifecycleResource.Backup, MachineVariant.Legacy, "creating", "mgr.backup_create.ok", "error",
        "backup (Legacy) lifecycle: trigger 'mgr.backup_create.ok' is declared twice from 'creating'")]
    [InlineData(LifecycleResource.ShareGroup, MachineVariant.Legacy, "available", "api.vanish", "limbo",
        "share_group (Legacy) lifecycle: Stateless state 'limbo' is not a declared state")]
    [InlineData(LifecycleResource.ShareGroup, MachineVariant.Guarded, "deleted", "api.undelete", "available",
        "share_group (Guarded) lifecycle: final state 'deleted' has outgoing 'api.undelete'")]
    public void Compiling_refuses_what_stateless_holds_and_the_metadata_does_not_explain(LifecycleResource resource,
        MachineVariant variant, string from, string trigger, string to, string message)
    {
        var definition = Lifecycles.Define(resource, variant);
        definition.Machine.Configure(from).Permit(trigger, to);
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(definition.Compile).Message);
    }

    [Fact]
    public void A_rewrite_of_the_same_status_is_a_stateless_reentry()
    {
        var probe = StatelessProbe.Of(LifecycleResource.ShareInstance, MachineVariant.Legacy);
        var ensuring = probe.Definition.Machine.GetInfo().States.Single(s => (string)s.UnderlyingState == "ensuring");
        var reentry = ensuring.FixedTransitions.Single(t => (string)t.Trigger.UnderlyingTrigger == "mgr.ensure.begin");
        Assert.Equal("ensuring", reentry.DestinationState.UnderlyingState);
        Assert.Equal(["update_shares_status_on_ensure"], reentry.GuardConditionsMethodDescriptions.Select(g => g.Description));
        Assert.Equal("ensuring", probe.Fire("ensuring", "mgr.ensure.begin"));
    }

    [Fact]
    public void Probing_an_undeclared_state_is_refused_and_leaves_stateless_as_it_was()
    {
        var definition = Lifecycles.Define(LifecycleResource.ShareInstance, MachineVariant.Legacy);
        var before = definition.Machine.GetInfo().States.Count();
        var error = Assert.Throws<ArgumentException>(() => definition.Fire("si-1", "snapshotting", "snapshot.end"));
        Assert.StartsWith("share_instance (Legacy): 'snapshotting' is not a declared state", error.Message);
        Assert.Equal(before, definition.Machine.GetInfo().States.Count());
        definition.Compile();
    }
}
