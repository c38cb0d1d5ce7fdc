// Replica work on the share manager (mgr.py: create/delete/promote_share_replica, _share_replica_update,
// periodic_share_replica_update, periodic_share_replica_snapshot_update) under
// `locked-share-replica-operation-for-share-<share_id>`: a tooz lock, so host-local under Legacy (two backends
// replicating one share do not exclude each other, LP 1585241) and distributed under Guarded. Legacy holds it for the
// whole operation, driver calls included, as Manila does; Guarded holds it only to check and write (PhasedLock), and
// the transitional status of the replica (creating, deleting, replication_change, replica_updating) keeps out the
// work the lock used to serialise: the API refuses a replica request while a sibling is in one.
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.Services.History;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    /// <summary>The share's replica operation lock: a tooz lock since LP 1585241 (02ab18c5d), an oslo file lock before.</summary>
    Task<PhasedLock> ReplicaOperation(string shareId) =>
        PhasedLock.Acquire(d.Locks, Host, LockNames.ReplicaOperation(shareId), phased: d.IsGuarded,
            fileLock: d.Lacks(Fixes.ReplicaLockThroughCoordinator));

    Task<IReadOnlyList<ShareInstance>> Replicas(string shareId) =>
        d.Db.Where<ShareInstance>(shareId, i => i.ShareId == shareId);

    static DriverReplica ToDriverReplica(ShareInstance i) => new(i.Id, i.ShareId, i.ReplicaState?.Value);

    Task<bool> TakeReplicaState(ShareInstance seen, string trigger) =>
        d.Transitions.Take<ShareInstance, ReplicaState>(d.Machines.ReplicaState, seen.Id, seen.ReplicaState!, trigger,
            static i => i.ReplicaState!, static (i, s) => i.ReplicaState = s);

    /// <summary>Writes a driver-reported replica_state through the poll's triggers; unchanged states write nothing.</summary>
    async Task WriteReplicaState(ShareInstance replica, string driverState)
    {
        if (replica.ReplicaState is null || replica.ReplicaState.Value == driverState) return;
        var trigger = driverState switch
        {
            "in_sync" => "periodic.replica_update.in_sync",
            "out_of_sync" => "periodic.replica_update.out_of_sync",
            _ => "periodic.replica_update.error",
        };
        if (d.Machines.ReplicaState.CanFire(replica.ReplicaState, trigger)) await TakeReplicaState(replica, trigger);
    }

    /// <summary>A replica failed: status error (when the status machine allows it from here) and replica_state error.</summary>
    async Task FailReplica(ShareInstance replica, string statusTrigger, string stateTrigger)
    {
        // Guarded: a status that moved meanwhile (an admin reset) is not overwritten, nor is its replica_state.
        if (d.Machines.ShareInstance.CanFire(replica.Status, statusTrigger)
            && !await d.Transitions.Take(d.Machines.ShareInstance, replica, statusTrigger)) return;
        if (replica.ReplicaState is not null && d.Machines.ReplicaState.CanFire(replica.ReplicaState, stateTrigger))
            await TakeReplicaState(replica, stateTrigger);
    }

    async Task FailReplicaCreate(ShareInstance replica)
    {
        await FailReplica(replica, "mgr.replica_create.error", "mgr.replica_create.error");
        await ShareRows.FinishDeniesOnFailedReplica(d, Host, replica.Id);
    }

    public async Task CreateShareReplica(string replicaId)
    {
        string? shareId = (await d.Db.Get<ShareInstance>(replicaId))?.ShareId;
        if (shareId is null) return;
        bool applyRules = false;
        await using (var operation = await ReplicaOperation(shareId))
        {
            var loaded = await Load(replicaId);
            if (loaded is null) return;
            var (replica, share) = loaded.Value;
            if (!StillExpected("replica", replicaId, replica.Status, ShareInstanceStatus.Creating)) return;
            var all = await Replicas(shareId);
            if (!all.Any(r => r.ReplicaState == ReplicaState.Active))
            {
                await FailReplicaCreate(replica);
                return;
            }
            string state;
            await operation.Leave(); // Guarded: `creating` fences the replica while the backend works
            try
            {
                string? serverId = null;
                if (driver.Capabilities.DriverHandlesShareServers && replica.ShareNetworkId is not null)
                    serverId = await ProvideShareServer(replica.Id, replica.ShareNetworkId, replica.AvailabilityZone);
                state = await driver.CreateReplicaAsync(ToDriver(replica, share) with { ServerId = serverId },
                    all.Where(r => r.Id != replicaId).Select(ToDriverReplica).ToList());
            }
            catch (ShareBackendException ex)
            {
                if (log.IsEnabled(LogLevel.Information)) log.LogInformation("create replica {Replica} failed: {Error}", replicaId, ex.Message);
                await operation.Reenter();
                await FailReplicaCreate(replica);
                return;
            }
            await operation.Reenter();
            if (!await d.Transitions.Take(d.Machines.ShareInstance, replica, "mgr.replica_create.ok",
                    i => i.ExportLocation = $"{Host}:/shares/{replicaId}"))
                return; // Guarded: moved meanwhile (an admin reset); nothing to finish
            if (state == "in_sync") await TakeReplicaState(replica, "mgr.replica_create.in_sync");
            applyRules = (await Mappings(replicaId)).Count > 0;
        }
        // The share's rules reach the new replica (read-only when it is a readable secondary).
        if (applyRules) await UpdateAccessRules(replicaId);
    }

    public async Task DeleteShareReplica(string replicaId, bool force)
    {
        string? shareId = (await d.Db.Get<ShareInstance>(replicaId))?.ShareId;
        if (shareId is null) return;
        await using (var operation = await ReplicaOperation(shareId))
        {
            var loaded = await Load(replicaId);
            if (loaded is null) return;
            var (replica, share) = loaded.Value;
            if (!StillExpected("replica", replicaId, replica.Status, ShareInstanceStatus.Deleting)) return;
            await operation.Leave(); // Guarded: `deleting` fences the replica while its rules and data go
            try
            {
                await UpdateAccessRules(replicaId, deleteAllRules: true);
            }
            catch (ShareBackendException) when (!force)
            {
                await operation.Reenter();
                await d.Transitions.Take(d.Machines.ShareInstance, replica, "mgr.replica_delete.access_error");
                return;
            }
            catch (ShareBackendException) { /* forced */ }
            try
            {
                await driver.DeleteReplicaAsync(ToDriver(replica, share));
            }
            catch (ShareBackendException ex) when (!force)
            {
                if (log.IsEnabled(LogLevel.Information)) log.LogInformation("delete replica {Replica} failed: {Error}", replicaId, ex.Message);
                await operation.Reenter();
                await FailReplica(replica, "mgr.replica_delete.error", "mgr.replica_delete.error");
                return;
            }
            catch (ShareBackendException) { d.ForceDeleteLeftovers.Add(replica.Id); /* forced: the row goes anyway */ }
            await operation.Reenter();
            // The replica's row, its snapshot instances and its replica quota go together: only the winner of the
            // row delete releases the quota.
            await d.Transitions.TakeDelete(d.Machines.ShareInstance, replica, "mgr.replica_delete.ok", store =>
            {
                foreach (var s in store.Where<SnapshotInstance>(s => s.ShareInstanceId == replicaId))
                    store.SoftDelete<SnapshotInstance>(s.Id, d.Sim.UtcNow);
                ShareRows.ReleaseWithReplica(d, store, share.Id, replicaId);
            });
        }
    }

    public async Task PromoteShareReplica(string replicaId)
    {
        string? shareId = (await d.Db.Get<ShareInstance>(replicaId))?.ShareId;
        if (shareId is null) return;
        var recast = new List<string>();
        await using (var operation = await ReplicaOperation(shareId))
        {
            var loaded = await Load(replicaId);
            if (loaded is null) return;
            var (replica, share) = loaded.Value;
            if (!StillExpected("replica", replicaId, replica.Status, ShareInstanceStatus.ReplicationChange)) return;
            var all = await Replicas(shareId);
            var others = all.Where(r => r.Id != replicaId).ToList();
            // Guarded: `replication_change` fences the share's replicas, so no other active replica means this promote's
            // earlier run demoted it and died before writing the promoted one: it goes on and finishes.
            if (!others.Any(r => r.ReplicaState == ReplicaState.Active) && !d.IsGuarded)
            {
                await d.Transitions.Take(d.Machines.ShareInstance, replica, "mgr.promote.no_active");
                return;
            }
            IReadOnlyList<DriverReplica> updated;
            // Guarded: `replication_change` fences the share's replicas: the API refuses sibling work meanwhile.
            await operation.Leave();
            try
            {
                updated = await driver.PromoteReplicaAsync(ToDriver(replica, share), all.Select(ToDriverReplica).ToList());
            }
            catch (ShareBackendException ex)
            {
                // Manila: every replica of the share goes to error; replica_state is left alone.
                if (log.IsEnabled(LogLevel.Information)) log.LogInformation("promote {Replica} failed: {Error}", replicaId, ex.Message);
                await operation.Reenter();
                if (!await d.Transitions.Take(d.Machines.ShareInstance, replica, "mgr.promote.error")) return;
                foreach (var other in others)
                    if (d.Machines.ShareInstance.CanFire(other.Status, "mgr.promote.error_sibling"))
                        await d.Transitions.Take(d.Machines.ShareInstance, other, "mgr.promote.error_sibling");
                return;
            }
            await operation.Reenter();
            bool readable = share.ReplicationType == "readable";
            // f7783776b: demote first and write the promoted replica last (transiently zero actives); the flag
            // restores the pre-fix order, where two actives are visible between the writes (LP 1664201).
            if (d.Lacks(Fixes.PromoteWritesNewActiveLast)) await WritePromoted(replica, readable);
            foreach (var other in others)
            {
                var reported = updated.FirstOrDefault(u => u.InstanceId == other.Id)?.ReplicaState;
                if (other.ReplicaState == ReplicaState.Active)
                {
                    var trigger = reported == "in_sync" ? "mgr.promote.demote_in_sync" : "mgr.promote.demote";
                    await TakeReplicaState(other, trigger);
                    if (readable)
                    {
                        await d.Db.Update<ShareInstance>(other.Id, i => i.CastRulesToReadonly = true);
                        recast.Add(other.Id);
                    }
                }
                else if (reported is not null) await WriteReplicaState(other, reported);
            }
            // Snapshot instances the promoted replica was still creating or deleting cannot be trusted any more.
            foreach (var s in await d.Db.Where<SnapshotInstance>(replicaId, s => s.ShareInstanceId == replicaId))
                if (s.Status == SnapshotInstanceStatus.Creating || s.Status == SnapshotInstanceStatus.Deleting)
                    await d.Transitions.Take(d.Machines.SnapshotInstance, s, "mgr.promote.orphaned");
            if (!d.Lacks(Fixes.PromoteWritesNewActiveLast)) await WritePromoted(replica, readable);
            if (readable) recast.Add(replicaId);
        }
        // Each to the host of the instance: only its own manager calls its driver, and its crash alone ends that work.
        foreach (var instanceId in recast)
            if ((await Mappings(instanceId)).Count > 0 && (await d.Db.Get<ShareInstance>(instanceId))?.Host is { } host)
                await d.Rpc.CastAsync(host, "update_access", () => d.Manager(host).ResyncAccessLevels(instanceId));
    }

    /// <summary>The promoted replica becomes available/active in one row write, and may take rw rules again.</summary>
    Task WritePromoted(ShareInstance replica, bool readable) =>
        d.Transitions.Take(d.Machines.ShareInstance, replica, "mgr.promote.ok", i =>
        {
            i.ReplicaState = ReplicaState.Active;
            if (readable) i.CastRulesToReadonly = false;
        });

    /// <summary>
    /// After a promotion of a readable share the levels flip (the new active rw, the demoted one ro): the instance's
    /// host re-sends its whole active rule set as a recovery sync.
    /// </summary>
    internal async Task ResyncAccessLevels(string instanceId)
    {
        // Guarded: as queued level updates through the single syncer, so it never overwrites a sync of the same
        // instance that is in flight (a recovery sync replaces the backend's whole rule set).
        if (d.IsGuarded)
        {
            await using (await AccessLock(instanceId))
                foreach (var m in await Mappings(instanceId))
                    if (m.Status == AccessMappingState.Active) await d.Transitions.Take(d.Machines.AccessMapping, m, "mgr.promote.recast_levels");
            await UpdateAccessRules(instanceId);
            return;
        }
        var loaded = await Load(instanceId);
        if (loaded is null) return;
        var (instance, share) = loaded.Value;
        var rules = new List<DriverAccessRule>();
        foreach (var m in await Mappings(instanceId))
        {
            if (m.Status != AccessMappingState.Active) continue;
            var rule = await d.Db.Get<AccessRule>(m.AccessId);
            if (rule is not null && Includable(share, rule))
                rules.Add(new DriverAccessRule(rule.Id, rule.AccessType, rule.AccessTo, instance.CastRulesToReadonly ? "ro" : rule.AccessLevel));
        }
        try
        {
            await driver.UpdateAccessAsync(ToDriver(instance, share), rules, [], []);
        }
        catch (ShareBackendException ex)
        {
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("access level resync of {Instance} failed: {Error}", instanceId, ex.Message);
        }
    }

    /// <summary>
    /// _share_replica_update (resync and the periodic poll): re-read in the lock; skip transitional, error_deleting
    /// and active replicas (ca90c87c4, 5ba3117f2); no active replica means replica_state error (7b7d18e14).
    /// Guarded marks the replica `replica_updating` for the driver call instead of holding the lock across it.
    /// </summary>
    public async Task UpdateShareReplica(string replicaId)
    {
        string? shareId = (await d.Db.Get<ShareInstance>(replicaId))?.ShareId;
        if (shareId is null) return;
        await using (var operation = await ReplicaOperation(shareId))
        {
            var loaded = await Load(replicaId);
            if (loaded is null) return;
            var (replica, share) = loaded.Value;
            if (!IsPollable(replica)) return;
            var all = await Replicas(shareId);
            if (d.IsGuarded && !await BeginReplicaPoll(replica, all, statePoll: true)) return;
            var active = all.FirstOrDefault(r => r.ReplicaState == ReplicaState.Active);
            // Before LP 1924230 (7b7d18e14): [r for r in replicas if active][0] raised IndexError here.
            if (active is null && d.Lacks(Fixes.PollNeedsActiveReplica))
                throw new IndexOutOfRangeException($"list index out of range: share {shareId} has no active replica");
            if (active is null)
            {
                if (d.Machines.ReplicaState.CanFire(replica.ReplicaState!, "periodic.replica_update.error"))
                    await TakeReplicaState(replica, "periodic.replica_update.error");
                if (d.IsGuarded) await EndReplicaPoll(replicaId, failed: false);
                return;
            }
            string state;
            await operation.Leave();
            try
            {
                state = await driver.UpdateReplicaStateAsync(ToDriver(replica, share), ToDriverReplica(active));
            }
            catch (ShareBackendException ex)
            {
                if (log.IsEnabled(LogLevel.Information)) log.LogInformation("replica poll of {Replica} failed: {Error}", replicaId, ex.Message);
                await operation.Reenter();
                if (!d.IsGuarded)
                {
                    await FailReplica(replica, "periodic.replica_update.error", "periodic.replica_update.error");
                    return;
                }
                if (d.Machines.ReplicaState.CanFire(replica.ReplicaState!, "periodic.replica_update.error"))
                    await TakeReplicaState(replica, "periodic.replica_update.error");
                await EndReplicaPoll(replicaId, failed: true);
                return;
            }
            await operation.Reenter();
            await WriteReplicaState(replica, state);
            if (d.IsGuarded) await EndReplicaPoll(replicaId, failed: false);
        }
    }

    /// <summary>A replica the poll asks the driver about: not active, not busy, and (since LP 2024578, ca90c87c4) not
    /// error_deleting.</summary>
    bool IsPollable(ShareInstance replica) =>
        replica.ReplicaState is not null && replica.ReplicaState != ReplicaState.Active
        && !replica.Status.IsInTransitionalStatuses
        && (replica.Status != ShareInstanceStatus.ErrorDeleting || d.Lacks(Fixes.PollSkipsErrorDeleting));

    /// <summary>periodic_share_replica_update (replica_state_update_interval, 300 s): this host's non-active replicas.</summary>
    public async Task PeriodicReplicaUpdate()
    {
        var replicas = await d.Db.Where<ShareInstance>("host:" + Host, i => i.Host == Host && i.ReplicaState != null);
        foreach (var replica in replicas)
            if (IsPollable(replica)) await UpdateShareReplica(replica.Id);
    }

    /// <summary>
    /// periodic_share_replica_snapshot_update (300 s): snapshot instances still creating or deleting on this host's
    /// non-active replicas are finished from the driver's answer, under the replica lock (Guarded: under the
    /// replica's `replica_updating` mark, the lock only around the reads and writes).
    /// </summary>
    public async Task PeriodicReplicaSnapshotUpdate()
    {
        var replicas = await d.Db.Where<ShareInstance>("host:" + Host, i => i.Host == Host && i.ReplicaState != null);
        foreach (var replica in replicas)
        {
            if (replica.ReplicaState == ReplicaState.Active) continue;
            await using (var operation = await ReplicaOperation(replica.ShareId))
            {
                var loaded = await Load(replica.Id);
                if (loaded is null) continue;
                var (current, share) = loaded.Value;
                var snapshotInstances = await d.Db.Where<SnapshotInstance>(replica.Id, s => s.ShareInstanceId == replica.Id);
                bool marked = false;
                if (d.IsGuarded)
                {
                    if (!snapshotInstances.Any(IsPolledSnapshotInstance)) continue;
                    if (!await BeginReplicaPoll(current, await Replicas(replica.ShareId), statePoll: false)) continue; // next tick
                    marked = true;
                }
                foreach (var s in snapshotInstances)
                {
                    if (!IsPolledSnapshotInstance(s)) continue;
                    var snapshot = await d.Db.Get<Snapshot>(s.SnapshotId);
                    if (snapshot is null) continue;
                    bool deleting = s.Status == SnapshotInstanceStatus.Deleting || s.Status == SnapshotInstanceStatus.DeferredDeleting;
                    string answer;
                    await operation.Leave();
                    try
                    {
                        answer = await driver.UpdateReplicatedSnapshotAsync(ToDriver(current, share),
                            new DriverSnapshot(s.Id, snapshot.Id, replica.Id, snapshot.Size), deleting);
                    }
                    catch (ShareBackendException) { answer = "error"; }
                    await operation.Reenter();
                    if (deleting)
                    {
                        // A failed poll leaves it deleting: the next poll tries again.
                        if (answer == "deleted")
                            await d.Transitions.TakeDelete(d.Machines.SnapshotInstance, s, "periodic.replica_snapshot.deleted",
                                store => ShareRows.ReleaseWithSnapshotInstance(d, store, s));
                    }
                    else if (answer is "available" or "error")
                        await d.Transitions.Take(d.Machines.SnapshotInstance, s,
                            answer == "available" ? "periodic.replica_snapshot.ok" : "periodic.replica_snapshot.error");
                }
                if (marked) await EndReplicaPoll(replica.Id, failed: false);
            }
        }
    }

    // A delete casts only to the active replica's host: instances on the others, deferred or not, wait for this poll.
    static bool IsPolledSnapshotInstance(SnapshotInstance s) => s.Status == SnapshotInstanceStatus.Creating
        || s.Status == SnapshotInstanceStatus.Deleting || s.Status == SnapshotInstanceStatus.DeferredDeleting;
}
