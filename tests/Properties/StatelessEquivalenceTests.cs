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

    [Fact]
    public void Compiling_refuses_a_stateless_transition_no_declaration_explains()
    {
        var definition = Lifecycles.Define(LifecycleResource.Backup, MachineVariant.Guarded);
        definition.Machine.Configure("available").Permit("api.surprise", "error");
        var error = Assert.Throws<InvalidOperationException>(definition.Compile);
        Assert.Equal("backup (Guarded) lifecycle: Stateless permits what no declaration says: 'api.surprise' from 'available'", error.Message);
    }

    [Fact]
    public void Compiling_refuses_a_trigger_stateless_permits_twice_from_one_state()
    {
        var definition = Lifecycles.Define(LifecycleResource.Backup, MachineVariant.Legacy);
        definition.Machine.Configure("creating").Permit("mgr.backup_create.ok", "error");
        var error = Assert.Throws<InvalidOperationException>(definition.Compile);
        Assert.Equal("backup (Legacy) lifecycle: trigger 'mgr.backup_create.ok' is declared twice from 'creating'", error.Message);
    }

    [Fact]
    public void Compiling_refuses_a_state_stateless_knows_and_the_metadata_does_not()
    {
        var definition = Lifecycles.Define(LifecycleResource.ShareGroup, MachineVariant.Legacy);
        definition.Machine.Configure("available").Permit("api.vanish", "limbo");
        var error = Assert.Throws<InvalidOperationException>(definition.Compile);
        Assert.Equal("share_group (Legacy) lifecycle: Stateless state 'limbo' is not a declared state", error.Message);
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
}
