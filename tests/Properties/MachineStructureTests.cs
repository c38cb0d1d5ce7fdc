// Every lifecycle under both policies, asked of its Stateless machine: reachability, ways out of transitional and
// error states, random walks and illegal triggers (properties), checked against the compiled table too.
using SimManila.Model;
using SimManila.StateMachines;

namespace SimManila.Properties.Tests;

public sealed class MachineStructureTests
{
    public static TheoryData<LifecycleResource, MachineVariant> Machines()
    {
        var data = new TheoryData<LifecycleResource, MachineVariant>();
        foreach (var resource in Lifecycles.Resources)
            foreach (var variant in Lifecycles.Variants)
                data.Add(resource, variant);
        return data;
    }

    private static bool IsAdmin(string trigger) => trigger.StartsWith("admin.", StringComparison.Ordinal);

    [Theory, MemberData(nameof(Machines))]
    public void Every_state_is_reachable_from_an_initial_state(LifecycleResource resource, MachineVariant variant)
    {
        var probe = StatelessProbe.Of(resource, variant);
        var metadata = probe.Definition.Metadata;
        var reachable = probe.ReachableFrom(metadata.InitialStates);
        var unreachable = metadata.States.Select(s => s.Name).Where(s => !reachable.Contains(s)).ToList();
        Assert.True(unreachable.Count == 0, $"{probe.Definition}: unreachable {string.Join(", ", unreachable)}");
    }

    [Theory, MemberData(nameof(Machines))]
    public void Every_transitional_state_reaches_a_stable_state_without_an_admin(LifecycleResource resource, MachineVariant variant)
    {
        var probe = StatelessProbe.Of(resource, variant);
        var machine = Lifecycles.Get(resource, variant);
        foreach (var state in machine.States.Where(s => s.Kind == StateKind.Transitional))
        {
            var reachable = probe.ReachableFrom([state.Name], t => !IsAdmin(t));
            Assert.True(reachable.Any(s => machine.KindOf(s) == StateKind.Stable),
                $"{machine}: transitional '{state.Name}' never settles without an admin");
        }
    }

    [Theory, MemberData(nameof(Machines))]
    public void Every_error_state_has_a_way_out_by_admin_reset_or_delete(LifecycleResource resource, MachineVariant variant)
    {
        var probe = StatelessProbe.Of(resource, variant);
        var machine = Lifecycles.Get(resource, variant);
        foreach (var state in machine.States.Where(s => s.Kind == StateKind.Error))
        {
            var exits = probe.Permitted(state.Name)
                .Where(machine.IsRecovery)
                .Where(t => machine.KindOf(probe.Fire(state.Name, t)) != StateKind.Error)
                .ToList();
            Assert.True(exits.Count > 0, $"{machine}: error '{state.Name}' has no recovery trigger");
            Assert.Contains(probe.ReachableFrom([state.Name]), s => machine.KindOf(s) == StateKind.Stable);
        }
    }

    [Theory, MemberData(nameof(Machines))]
    public void No_transition_targets_an_undeclared_state_and_final_states_are_final(LifecycleResource resource, MachineVariant variant)
    {
        var probe = StatelessProbe.Of(resource, variant);
        var machine = Lifecycles.Get(resource, variant);
        foreach (var state in machine.States)
            foreach (var trigger in probe.Permitted(state.Name))
            {
                var to = probe.Fire(state.Name, trigger);
                Assert.True(machine.IsState(to), $"{machine}: '{trigger}' to undeclared '{to}'");
                Assert.True(machine.IsDeclared(state.Name, to));
            }
        foreach (var final in machine.States.Where(s => s.IsFinal))
            Assert.Empty(probe.Permitted(final.Name));
        Assert.All(machine.InitialStates, s => Assert.True(machine.IsState(s)));
    }

    /// <summary>A walk of triggers Stateless permits never raises, and every step is one the compiled table declares.</summary>
    [SeededProperty(MaxTest = 500, Arbitrary = [typeof(MachineArbitraries)])]
    public void Random_walks_of_permitted_triggers_never_raise_and_match_the_table(MachineWalk walk)
    {
        var probe = StatelessProbe.Of(walk.Resource, walk.Variant);
        var machine = Lifecycles.Get(walk.Resource, walk.Variant);
        var state = machine.InitialStates[walk.Start % machine.InitialStates.Count];
        foreach (var step in walk.Steps)
        {
            var permitted = probe.Permitted(state);
            if (permitted.Count == 0) break; // final
            var trigger = permitted[step % permitted.Count];
            var next = probe.Fire(state, trigger);
            Assert.True(machine.TargetOf(state, trigger) == next && machine.IsDeclared(state, next),
                $"{machine}: Stateless moves {state} --{trigger}--> {next}, the table says {machine.TargetOf(state, trigger) ?? "not allowed"}");
            state = next;
        }
    }

    /// <summary>A trigger Stateless does not permit raises the same IllegalTransitionException through Stateless and the table.</summary>
    [SeededProperty(MaxTest = 300, Arbitrary = [typeof(MachineArbitraries)])]
    public void An_illegal_trigger_raises_naming_resource_id_state_and_trigger(IllegalFiring firing)
    {
        var probe = StatelessProbe.Of(firing.Resource, firing.Variant);
        var machine = Lifecycles.Get(firing.Resource, firing.Variant);
        var state = machine.States[firing.Pick % machine.States.Count].Name;
        var illegal = probe.Triggers.Append("no.such.trigger").Except(probe.Permitted(state)).ToList();
        var trigger = illegal[firing.Pick % illegal.Count];

        var viaStateless = Assert.Throws<IllegalTransitionException>(() => probe.Fire(state, trigger));
        var viaTable = Assert.Throws<IllegalTransitionException>(() => machine.Fire(StatelessProbe.ResourceId, state, trigger));
        Assert.Equal(viaTable.Message, viaStateless.Message);
        Assert.Equal($"Illegal transition: {machine.Resource} '{StatelessProbe.ResourceId}' in state '{state}' cannot take trigger '{trigger}'",
            viaStateless.Message);
        Assert.Equal((machine.Resource, StatelessProbe.ResourceId, state, trigger),
            (viaStateless.Resource, viaStateless.ResourceId, viaStateless.State, viaStateless.Trigger));
    }

    [Theory, InlineData(MachineVariant.Legacy), InlineData(MachineVariant.Guarded)]
    public void Replica_transitions_are_share_instance_transitions(MachineVariant variant)
    {
        var instance = Lifecycles.Get(LifecycleResource.ShareInstance, variant);
        var replica = Lifecycles.Get(LifecycleResource.ReplicaStatus, variant);
        foreach (var (from, trigger, to) in replica.Edges())
            Assert.True(instance.TargetOf(from, trigger) == to, $"{variant}: replica edge {from} --{trigger}--> {to} missing from share_instance");
    }

    [Fact]
    public void Guarded_adds_the_snapshotting_state_and_the_server_setup_phases()
    {
        Assert.False(Lifecycles.ShareInstance(MachineVariant.Legacy).IsState(ShareInstanceStatus.Snapshotting));
        var guarded = Lifecycles.ShareInstance(MachineVariant.Guarded);
        Assert.Equal(ShareInstanceStatus.Snapshotting, guarded.Fire("share-1", ShareInstanceStatus.Available, "snapshot.begin"));
        Assert.Equal(ShareInstanceStatus.Available, guarded.Fire("share-1", ShareInstanceStatus.Snapshotting, "snapshot.end"));
        Assert.False(guarded.CanFire(ShareInstanceStatus.Snapshotting, "api.delete"));
        Assert.False(guarded.Permits(ShareInstanceStatus.Snapshotting, ApiAction.Delete));
        Assert.True(guarded.Permits(ShareInstanceStatus.Available, ApiAction.Snapshot));

        var legacyServer = Lifecycles.ShareServer(MachineVariant.Legacy);
        var guardedServer = Lifecycles.ShareServer(MachineVariant.Guarded);
        Assert.Equal(ShareServerStatus.Active, legacyServer.Fire("server-1", ShareServerStatus.Creating, "mgr.setup.ok"));
        // Only an admin reset moves a Guarded server from creating straight to active.
        Assert.All(guardedServer.AllowedTriggers(ShareServerStatus.Creating)
                .Where(t => guardedServer.Machine.TargetOf("creating", t) == "active"),
            t => Assert.StartsWith("admin.", t));
        Assert.True(guardedServer.IsDeclared(ShareServerStatus.AllocatingNetwork, ShareServerStatus.SettingUp));
        Assert.True(guardedServer.IsDeclared(ShareServerStatus.SettingUp, ShareServerStatus.Active));
    }

    [Fact]
    public void Typed_lifecycles_cover_their_status_types_and_fire_as_manila_does()
    {
        var legacy = Lifecycles.ShareInstance(MachineVariant.Legacy);
        Assert.Equal(ShareInstanceStatus.Creating, legacy.Initial);
        Assert.Equal(ShareInstanceStatus.CreatingFromSnapshot,
            legacy.Fire("share-1", ShareInstanceStatus.Creating, "mgr.create.from_snapshot_pending"));
        Assert.Equal([ShareInstanceStatus.Available, ShareInstanceStatus.Error, ShareInstanceStatus.Inactive],
            legacy.SourcesOf("api.delete").OrderBy(s => s.Value, StringComparer.Ordinal));
        Assert.True(legacy.Permits(ShareInstanceStatus.Deleting, ApiAction.DeleteReplica)); // Legacy: no guard at all
        Assert.False(Lifecycles.ShareInstance(MachineVariant.Guarded).Permits(ShareInstanceStatus.Deleting, ApiAction.DeleteReplica));
        // Every typed accessor validates its states against the status type.
        foreach (var variant in Lifecycles.Variants)
        {
            _ = Lifecycles.Share(variant); _ = Lifecycles.SnapshotInstance(variant); _ = Lifecycles.ReplicaStatus(variant);
            _ = Lifecycles.ReplicaState(variant); _ = Lifecycles.ShareServer(variant); _ = Lifecycles.ShareNetwork(variant);
            _ = Lifecycles.AccessMapping(variant); _ = Lifecycles.AccessRulesStatus(variant); _ = Lifecycles.ShareGroup(variant);
            _ = Lifecycles.Backup(variant);
        }
        // Reset-replica-state to active exists only in Legacy (Guarded keeps at most one active replica structural).
        Assert.True(Lifecycles.ReplicaState(MachineVariant.Legacy).IsDeclared(ReplicaState.InSync, ReplicaState.Active));
        Assert.False(Lifecycles.ReplicaState(MachineVariant.Guarded).CanFire(ReplicaState.InSync, Triggers.ResetStatus("active")));
    }
}
