// The coverage recorder: every status write that applied is seen as (machine, from, trigger, to) and every passed
// permission check as (machine, state, action), under both policies and both databases.
using SimManila.Model;
using SimManila.Services.Api;
using SimManila.Services.Storage;
using SimManila.StateMachines;

namespace SimManila.Services.Tests;

public class CoverageTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    [Theory, MemberData(nameof(Cases))]
    public void Create_extend_and_delete_are_recorded_as_they_apply(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            Assert.Empty(w.D.Coverage.Transitions);
            var share = (await w.Client.CreateShare(10)).Resource!.Id;
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.ExtendShare(share, 20)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShare(share)).Status);
            await w.Settle();

            var transitions = w.D.Coverage.Transitions;
            Assert.Contains(new TransitionTaken("share_instance", "creating", "mgr.create.ok", "available"), transitions);
            Assert.Contains(new TransitionTaken("share_instance", "available", "api.extend", "extending"), transitions);
            Assert.Contains(new TransitionTaken("share_instance", "available", "api.delete", "deleting"), transitions);
            Assert.Contains(transitions, t => t is { Machine: "share_instance", From: "deleting", To: "deleted" });
            Assert.DoesNotContain(transitions, t => t.Trigger.Contains("revert"));
            // Every recorded write of a clean run is a declared edge of the policy's machine.
            var machines = w.D.Machines.All.ToDictionary(m => m.Resource);
            Assert.All(transitions, t => Assert.True(machines[t.Machine].TargetOf(t.From, t.Trigger) == t.To, t.ToString()));

            var actions = w.D.Coverage.Actions;
            Assert.Contains(new ActionTaken("share_instance", "available", ApiAction.Extend), actions);
            Assert.Contains(new ActionTaken("share_instance", "available", ApiAction.Delete), actions);
            Assert.DoesNotContain(actions, a => a.Action == ApiAction.Revert);
        });

    [Fact]
    public void A_refused_request_records_no_action()
    {
        ServiceHarness.Run(ConcurrencyPolicy.Guarded, DatabaseProvider.InMemory, async w =>
        {
            var share = (await w.Client.CreateShare(10)).Resource!.Id;
            Assert.Equal(ApiStatus.Conflict, (await w.Client.ExtendShare(share, 20)).Status); // still creating
            Assert.DoesNotContain(w.D.Coverage.Actions, a => a.Action == ApiAction.Extend);
            await w.Settle();
        });
    }

    [Fact]
    public void Union_adds_both_sets()
    {
        var machine = Lifecycles.Get(LifecycleResource.ShareInstance, MachineVariant.Legacy);
        var a = new TransitionCoverage();
        a.Transition(machine, "creating", "mgr.create.ok", "available");
        var b = new TransitionCoverage();
        b.Action(machine, "available", ApiAction.Delete);
        b.Transition(machine, "creating", "mgr.create.ok", "available");
        a.UnionWith(b);
        Assert.Single(a.Transitions);
        Assert.Single(a.Actions);
    }
}
