// Every lifecycle under both policies: reachability, ways out of transitional and error states, random legal walks.
using FsCheck;
using FsCheck.Fluent;
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

    private static HashSet<string> ReachableFrom(StateMachine machine, IEnumerable<string> starts, Func<string, bool>? useTrigger = null)
    {
        var seen = new HashSet<string>(starts);
        var queue = new Queue<string>(seen);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var trigger in machine.AllowedTriggers(state))
            {
                if (useTrigger is not null && !useTrigger(trigger)) continue;
                var next = machine.TargetOf(state, trigger)!;
                if (seen.Add(next)) queue.Enqueue(next);
            }
        }
        return seen;
    }

    private static bool IsAdmin(string trigger) => trigger.StartsWith("admin.", StringComparison.Ordinal);

    [Theory, MemberData(nameof(Machines))]
    public void Every_state_is_reachable_from_an_initial_state(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        var reachable = ReachableFrom(machine, machine.InitialStates);
        var unreachable = machine.States.Select(s => s.Name).Where(s => !reachable.Contains(s)).ToList();
        Assert.True(unreachable.Count == 0, $"{machine}: unreachable {string.Join(", ", unreachable)}");
    }

    [Theory, MemberData(nameof(Machines))]
    public void Every_transitional_state_reaches_a_stable_state_without_an_admin(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        foreach (var state in machine.States.Where(s => s.Kind == StateKind.Transitional))
        {
            var reachable = ReachableFrom(machine, [state.Name], t => !IsAdmin(t));
            Assert.True(reachable.Any(s => machine.KindOf(s) == StateKind.Stable),
                $"{machine}: transitional '{state.Name}' never settles without an admin");
        }
    }

    [Theory, MemberData(nameof(Machines))]
    public void Every_error_state_has_a_way_out_by_admin_reset_or_delete(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        foreach (var state in machine.States.Where(s => s.Kind == StateKind.Error))
        {
            var exits = machine.AllowedTriggers(state.Name)
                .Where(machine.IsRecovery)
                .Where(t => machine.KindOf(machine.TargetOf(state.Name, t)!) != StateKind.Error)
                .ToList();
            Assert.True(exits.Count > 0, $"{machine}: error '{state.Name}' has no recovery trigger");
            Assert.Contains(ReachableFrom(machine, [state.Name]), s => machine.KindOf(s) == StateKind.Stable);
        }
    }

    [Theory, MemberData(nameof(Machines))]
    public void No_transition_targets_an_undeclared_state_and_final_states_are_final(LifecycleResource resource, MachineVariant variant)
    {
        var machine = Lifecycles.Get(resource, variant);
        foreach (var (from, trigger, to) in machine.Edges())
        {
            Assert.True(machine.IsState(from), $"{machine}: '{trigger}' from undeclared '{from}'");
            Assert.True(machine.IsState(to), $"{machine}: '{trigger}' to undeclared '{to}'");
            Assert.True(machine.IsDeclared(from, to));
        }
        foreach (var final in machine.States.Where(s => s.IsFinal))
            Assert.Empty(machine.AllowedTriggers(final.Name));
        Assert.All(machine.InitialStates, s => Assert.True(machine.IsState(s)));
    }

    [Fact]
    public void Random_walks_of_allowed_triggers_never_raise()
    {
        var walks = Gen.ListOf(Gen.Choose(0, 1_000_000)).Select(l => l.ToArray());
        var property = Prop.ForAll(Gen.Elements(Lifecycles.Resources.ToArray()).ToArbitrary(),
            Gen.Elements(Lifecycles.Variants.ToArray()).ToArbitrary(), walks.ToArbitrary(),
            (resource, variant, choices) =>
            {
                var machine = Lifecycles.Get(resource, variant);
                var state = machine.InitialStates[choices.Length % machine.InitialStates.Count];
                foreach (var choice in choices.Take(200))
                {
                    var allowed = machine.AllowedTriggers(state);
                    if (allowed.Count == 0) break; // final
                    var trigger = allowed[choice % allowed.Count];
                    var next = machine.Fire("walk-1", state, trigger);
                    if (!machine.IsState(next) || !machine.IsDeclared(state, next)) return false;
                    state = next;
                }
                return true;
            });
        FixedSeed.Check(property, seed: 424242, maxTests: 500);
    }

    [Fact]
    public void An_illegal_trigger_raises_naming_resource_id_state_and_trigger()
    {
        var property = Prop.ForAll(Gen.Elements(Lifecycles.Resources.ToArray()).ToArbitrary(),
            Gen.Elements(Lifecycles.Variants.ToArray()).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(),
            (resource, variant, pick) =>
            {
                var machine = Lifecycles.Get(resource, variant);
                var state = machine.States[pick % machine.States.Count].Name;
                var triggers = machine.Transitions.Select(t => t.Trigger).Distinct().Append("no.such.trigger").ToList();
                var illegal = triggers.Where(t => !machine.CanFire(state, t)).ToList();
                var trigger = illegal[pick % illegal.Count];
                var error = Assert.Throws<IllegalTransitionException>(() => machine.Fire("res-7", state, trigger));
                return error.Message.Contains(machine.Resource) && error.Message.Contains("'res-7'")
                    && error.Message.Contains($"'{state}'") && error.Message.Contains($"'{trigger}'")
                    && error.Resource == machine.Resource && error.State == state && error.Trigger == trigger;
            });
        FixedSeed.Check(property, seed: 99, maxTests: 300);
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
