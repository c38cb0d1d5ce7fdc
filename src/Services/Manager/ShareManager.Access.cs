// update_access_rules on the share manager (access.py, fact sheet §3): the single-syncer loop over per-instance
// mapping states. DB read-modify-writes take the per-instance lock; the driver call never runs under it.
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.Services.History;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    /// <summary>Rounds of "apply what is queued"; each round needs a new API request, so this only bounds a storm.</summary>
    const int MaxSyncRounds = 32;
    /// <summary>Backed-off waits of a deny-all for a sync in flight (1 s, then x1.414: about 180 s in all, as Manila's
    /// waits for access rules); then it goes on as Manila would.</summary>
    const int MaxSyncWaits = 12;

    static readonly AccessMappingState[] InFlight = [AccessMappingState.Applying, AccessMappingState.Denying, AccessMappingState.Updating];
    static readonly AccessMappingState[] Queued = [AccessMappingState.QueuedToApply, AccessMappingState.QueuedToDeny, AccessMappingState.QueuedToUpdate];

    Task<LockLease> AccessLock(string instanceId) => d.Locks.AcquireAsync(Host, LockNames.AccessRulesOfInstance(instanceId));

    Task<IReadOnlyList<AccessRuleMapping>> Mappings(string instanceId) =>
        d.Db.Where<AccessRuleMapping>(instanceId, m => m.ShareInstanceId == instanceId);

    public async Task UpdateAccessRules(string instanceId, bool deleteAllRules = false)
    {
        var mapping = d.Machines.AccessMapping;
        // Guarded: a deny-all waits (in the lock's gaps) for a sync in flight to end. Manila queues the in-flight rules
        // for deny at once, so nothing is in flight any more and a second syncer starts beside the first: its deny can
        // reach the backend before the first one's add.
        var wait = TimeSpan.FromSeconds(1);
        for (int attempt = 0; ; attempt++, wait *= 1.414)
        {
            await using (await AccessLock(instanceId))
            {
                var mappings = await Mappings(instanceId);
                bool syncInFlight = mappings.Any(m => InFlight.Contains(m.Status));
                if (!(deleteAllRules && d.IsGuarded && syncInFlight && attempt < MaxSyncWaits))
                {
                    if (deleteAllRules)
                        foreach (var m in mappings)
                            if (m.Status != AccessMappingState.QueuedToDeny && mapping.CanFire(m.Status, "mgr.delete_all_rules"))
                                await d.Transitions.Take(mapping, m, "mgr.delete_all_rules");
                    // Single-syncer rule: a sync in flight will pick up whatever is queued now. Before LP 1566815
                    // (d878826cf) nothing kept two update_access runs of one instance apart.
                    if (mappings.Any(m => InFlight.Contains(m.Status)) && !d.Lacks(Fixes.AccessUpdatesOneAtATime)) return;
                    if (!await MayBegin(instanceId, deleteAllRules)) return;
                    if (!await BeginQueued(mappings))
                    {
                        await FinishSync(instanceId);
                        return;
                    }
                    break;
                }
            }
            await d.Sim.Delay(wait);
        }

        for (int round = 0; round < MaxSyncRounds; round++)
        {
            var instance = await d.Db.Get<ShareInstance>(instanceId)
                ?? throw new EntityNotFoundException(typeof(ShareInstance), instanceId);
            var share = await d.Db.Get<Share>(instance.ShareId)
                ?? throw new EntityNotFoundException(typeof(Share), instance.ShareId);
            if (instance.AccessRulesStatus == AccessRulesStatus.Active)
                await using (await AccessLock(instanceId))
                    await TakeAccessRulesStatus(instance, "mgr.sync.begin");

            var mappings = await Mappings(instanceId);
            var rules = new Dictionary<string, DriverAccessRule>(StringComparer.Ordinal);
            foreach (var m in mappings)
            {
                var rule = await d.Db.Get<AccessRule>(m.AccessId);
                // cast_rules_to_readonly (non-active readable replicas): every level is forced to ro.
                if (rule is not null && Includable(share, rule))
                    rules[m.AccessId] = new DriverAccessRule(rule.Id, rule.AccessType, rule.AccessTo,
                        instance.CastRulesToReadonly ? "ro" : rule.AccessLevel);
            }
            List<DriverAccessRule> Select(params AccessMappingState[] states) =>
                mappings.Where(m => states.Contains(m.Status) && rules.ContainsKey(m.AccessId)).Select(m => rules[m.AccessId]).ToList();

            try
            {
                // Read-only cast: the driver gets the whole (ro) set as a recovery sync, add/delete emptied (access.py).
                bool readOnly = instance.CastRulesToReadonly;
                await driver.UpdateAccessAsync(ToDriver(instance, share),
                    accessRules: Select(AccessMappingState.Applying, AccessMappingState.Active, AccessMappingState.Updating),
                    addRules: readOnly ? [] : Select(AccessMappingState.Applying, AccessMappingState.Updating),
                    deleteRules: readOnly ? [] : Select(AccessMappingState.Denying));
            }
            catch (ShareBackendException ex)
            {
                if (log.IsEnabled(LogLevel.Information)) log.LogInformation("update_access on {Instance} failed: {Error}", instanceId, ex.Message);
                await using (await AccessLock(instanceId))
                {
                    foreach (var m in await Mappings(instanceId))
                        if (InFlight.Contains(m.Status)) await d.Transitions.Take(mapping, m, "mgr.sync.error");
                    var failed = await d.Db.Get<ShareInstance>(instanceId);
                    if (failed is not null && d.Machines.AccessRulesStatus.CanFire(failed.AccessRulesStatus, "mgr.sync.exception"))
                        await TakeAccessRulesStatus(failed, "mgr.sync.exception");
                    // Manila re-raises here, stranding rules queued during the failed batch (their own casts returned
                    // under the single-syncer rule). Guarded re-validates instead: queued work starts another round.
                    if (d.IsGuarded && await BeginQueued(await Mappings(instanceId))) continue;
                }
                throw;
            }

            await using (await AccessLock(instanceId))
            {
                // Manila: conditionally_change {applying: active, updating: active}, deleting denied mappings.
                foreach (var m in await Mappings(instanceId))
                {
                    if (m.Status == AccessMappingState.Applying || m.Status == AccessMappingState.Updating)
                        await d.Transitions.Take(mapping, m, "mgr.sync.ok");
                    else if (m.Status == AccessMappingState.Denying)
                        await d.Transitions.TakeDelete(mapping, m, "mgr.sync.ok", store => DeleteRuleWithLastMapping(store, m.AccessId));
                }
                // Before 70f59f7b7 the manager did not look again: work queued during the driver call was stranded.
                if (d.Lacks(Fixes.AccessRequeuedAfterDriverCall) || !await MayBegin(instanceId, deleteAllRules)
                    || !await BeginQueued(await Mappings(instanceId)))
                {
                    await FinishSync(instanceId);
                    return;
                }
            }
        }
        throw new InvalidOperationException($"update_access on {instanceId}: still queued work after {MaxSyncRounds} rounds");
    }

    /// <summary>
    /// Guarded, under the instance's access lock: a sync may start work only while the instance is not being deleted
    /// (its delete's own deny-all excepted): the rules of an instance being deleted are its delete's to remove, and the
    /// delete claims the instance under this lock only while no sync is in flight (ApiWorker.ClaimForDelete).
    /// </summary>
    async Task<bool> MayBegin(string instanceId, bool deleteAllRules)
    {
        if (!d.IsGuarded || deleteAllRules) return true;
        var instance = await d.Db.Get<ShareInstance>(instanceId);
        return instance is not null && !instance.Status.IsBeingDeleted;
    }

    /// <summary>In-flight work of the instance goes back to the queue (Manila's reset_rules_to_queueing_states); a level
    /// update, which has no way back, fails. Call it holding the instance's access lock.</summary>
    async Task GiveBackInFlight(string instanceId)
    {
        var mapping = d.Machines.AccessMapping;
        foreach (var m in await Mappings(instanceId))
        {
            if (m.Status == AccessMappingState.Applying) await d.Transitions.Take(mapping, m, "mgr.reset_to_queueing.apply");
            else if (m.Status == AccessMappingState.Denying) await d.Transitions.Take(mapping, m, "mgr.reset_to_queueing.deny");
            else if (m.Status == AccessMappingState.Updating) await d.Transitions.Take(mapping, m, "mgr.sync.error");
        }
    }

    /// <summary>Queued work starts: queued_to_apply -> applying, queued_to_deny -> denying, queued_to_update -> updating.</summary>
    async Task<bool> BeginQueued(IReadOnlyList<AccessRuleMapping> mappings)
    {
        bool moved = false;
        foreach (var m in mappings)
            if (Queued.Contains(m.Status))
                moved |= await d.Transitions.Take(d.Machines.AccessMapping, m, "mgr.sync.begin");
        return moved;
    }

    /// <summary>Nothing queued any more: the instance is active unless a rule ended in error.</summary>
    async Task FinishSync(string instanceId)
    {
        var instance = await d.Db.Get<ShareInstance>(instanceId);
        if (instance is null) return;
        var anyError = (await Mappings(instanceId)).Any(m => m.Status == AccessMappingState.Error);
        var lifecycle = d.Machines.AccessRulesStatus;
        var trigger = anyError ? "mgr.sync.rules_error" : "mgr.sync.done";
        if (instance.AccessRulesStatus != (anyError ? AccessRulesStatus.Error : AccessRulesStatus.Active)
            && lifecycle.CanFire(instance.AccessRulesStatus, trigger))
            await TakeAccessRulesStatus(instance, trigger);
    }

    void DeleteRuleWithLastMapping(ManilaStore store, string accessId) => ShareRows.DeleteRuleWithLastMapping(store, accessId, d.Sim.UtcNow);

    /// <summary>NFS on a backend without IPv6: IPv6 ip-rules are silently left out of the driver call only.</summary>
    bool Includable(Share share, AccessRule rule) =>
        driver.Capabilities.Ipv6Support || share.ShareProto != "NFS" || !Api.AccessValidation.IsIpv6(rule.AccessType, rule.AccessTo);

    Task<bool> TakeAccessRulesStatus(ShareInstance seen, string trigger) =>
        d.Transitions.Take<ShareInstance, AccessRulesStatus>(d.Machines.AccessRulesStatus, seen.Id, seen.AccessRulesStatus,
            trigger, static i => i.AccessRulesStatus, static (i, s) => i.AccessRulesStatus = s);
}
