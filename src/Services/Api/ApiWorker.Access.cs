// Access requests (api.py: allow_access, deny_access). Allow inserts the rule with one queued_to_apply mapping per
// instance and flips each instance active -> syncing; deny forces mappings to queued_to_deny. Both then cast
// update_access. The per-instance lock is host-local under Legacy, so the API's and the manager's locks differ.
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    public async Task<ApiResponse<AccessRuleView>> AllowAccess(string shareId, string accessType, string accessTo, string accessLevel)
    {
        await Enter($"POST /shares/{shareId}/action allow_access {accessType}:{accessTo} {accessLevel}");
        var problem = AccessValidation.Problem(accessType, accessTo, accessLevel);
        if (problem is not null) return Answer.BadRequest<AccessRuleView>(problem);
        var (share, instances) = await LoadShare(shareId);
        if (share is null) return Answer.NotFound<AccessRuleView>($"share {shareId} not found");
        foreach (var instance in instances)
        {
            if (instance.Host is null) return Answer.Conflict<AccessRuleView>($"share instance {instance.Id} has no host yet");
            if (instance.Status.IsInTransitionalStatuses || instance.Status == ShareInstanceStatus.Error)
                return Answer.Conflict<AccessRuleView>($"share instance {instance.Id} is {instance.Status}");
        }
        var rule = new AccessRule
        {
            Id = d.Ids.Next("access"), ShareId = shareId, AccessType = accessType, AccessTo = accessTo,
            AccessLevel = accessLevel, CreatedAt = Sim.UtcNow,
        };
        var mappingIds = instances.Select(_ => d.Ids.Next("mapping")).ToList();
        // Legacy: check, then insert later (no unique constraint on share_access_map). Guarded: the duplicate check,
        // a re-check that every instance still takes rules, the insert and the syncing flip are one test-and-set
        // under the share's lock and the instances' access locks (the ones the manager's delete_all_rules takes);
        // all are released before any cast.
        var guards = new List<LockLease>();
        // Guarded: the network lock first, so a network update sees this rule or this request sees network_change.
        if (await GuardNetwork(share.ShareNetworkId) is { } networkGuard) guards.Add(networkGuard);
        if (d.IsGuarded)
        {
            guards.Add(await d.Locks.AcquireAsync(Host, LockNames.AccessRulesOfShare(shareId)));
            foreach (var instance in instances.OrderBy(i => i.Id, StringComparer.Ordinal))
                guards.Add(await d.Locks.AcquireAsync(Host, LockNames.AccessRulesOfInstance(instance.Id)));
        }
        try
        {
            // check_share_network_is_active (ctl/shares: _allow_access).
            if (share.ShareNetworkId is not null && await ShareNetworkProblem(share.ShareNetworkId, ApiAction.AllowAccess) is { } networkProblem)
                return networkProblem.As<AccessRuleView>();
            var normalized = AccessValidation.Normalize(accessType, accessTo);
            var existing = await d.Db.Where<AccessRule>(shareId, r => r.ShareId == shareId);
            if (existing.Any(r => r.AccessType == accessType && AccessValidation.Normalize(r.AccessType, r.AccessTo) == normalized))
                return Answer.BadRequest<AccessRuleView>($"share {shareId} already has a rule for {accessType}:{accessTo}");
            if (d.IsGuarded)
                foreach (var instance in instances)
                {
                    var current = await d.Db.Get<ShareInstance>(instance.Id);
                    if (current is null || !d.Machines.ShareInstance.Permits(current.Status, ApiAction.AllowAccess))
                        return Answer.Conflict<AccessRuleView>($"share instance {instance.Id} is {current?.Status.Value ?? "gone"} now");
                    d.Coverage.Action(d.Machines.ShareInstance, current.Status, ApiAction.AllowAccess);
                }
            await d.Db.Transaction(Storage.Db.Key<AccessRule>(rule.Id), store =>
            {
                store.Insert(rule);
                for (int i = 0; i < instances.Count; i++)
                    store.Insert(new AccessRuleMapping
                    {
                        Id = mappingIds[i], AccessId = rule.Id, ShareInstanceId = instances[i].Id,
                        Status = d.Machines.AccessMapping.Initial, CreatedAt = Sim.UtcNow,
                    });
            });
            if (d.IsGuarded)
                foreach (var instance in instances)
                    await FlipToSyncing(instance.Id);
        }
        finally
        {
            foreach (var guard in Enumerable.Reverse(guards)) await guard.DisposeAsync();
        }
        foreach (var instance in instances)
        {
            if (!d.IsGuarded)
                await using (await d.Locks.AcquireAsync(Host, LockNames.AccessRulesOfInstance(instance.Id)))
                    await FlipToSyncing(instance.Id);
            var host = instance.Host!;
            await d.Rpc.CastAsync(host, "update_access", () => d.Manager(host).UpdateAccessRules(instance.Id));
        }
        return Answer.Accepted(new AccessRuleView(rule.Id, shareId, accessType, accessTo, accessLevel,
            AccessMappingState.QueuedToApply.Value));
    }

    public async Task<ApiResponse<NoContent>> DenyAccess(string shareId, string accessId)
    {
        await Enter($"POST /shares/{shareId}/action deny_access {accessId}");
        var (share, instances) = await LoadShare(shareId);
        if (share is null) return Answer.NotFound<NoContent>($"share {shareId} not found");
        var rule = await d.Db.Get<AccessRule>(accessId);
        if (rule is null || rule.ShareId != shareId) return Answer.NotFound<NoContent>($"access rule {accessId} of share {shareId} not found");
        // Guarded holds the network lock and the share's rules lock over the check and the mapping writes, re-reads the
        // instances under them (a replica created meanwhile copied this rule), and casts only after releasing them.
        var networkGuard = await GuardNetwork(share.ShareNetworkId);
        var rulesGuard = d.IsGuarded ? await d.Locks.AcquireAsync(Host, LockNames.AccessRulesOfShare(shareId)) : null;
        var castLater = new List<ShareInstance>();
        ApiResponse<NoContent>? refusal = null;
        try
        {
            // check_share_network_is_active (ctl/shares: _deny_access).
            if (share.ShareNetworkId is not null && await ShareNetworkProblem(share.ShareNetworkId, ApiAction.DenyAccess) is { } networkProblem)
                return networkProblem;
            if (rulesGuard is not null) instances = (await LoadShare(shareId)).Instances;
            foreach (var instance in instances)
            {
                refusal = await DenyOnInstance(instance, accessId);
                if (refusal is not null) break;
                if (instance.Host is null) continue;
                if (d.IsGuarded) castLater.Add(instance);
                else await CastUpdateAccess(instance.Host, instance.Id);
            }
        }
        finally
        {
            if (rulesGuard is not null) await rulesGuard.DisposeAsync();
            if (networkGuard is not null) await networkGuard.DisposeAsync();
        }
        // Instances whose mappings moved are synced even when a later one refused.
        foreach (var instance in castLater) await CastUpdateAccess(instance.Host!, instance.Id);
        return refusal ?? Answer.Accepted(NoContent.Value);
    }

    /// <summary>Forces the rule's mapping on one instance to queued_to_deny; Guarded refuses one still being applied, and
    /// on an instance in error (a replica whose create failed, or one a poll failed; read afresh in the instance's lock,
    /// which the failed create's own finishing of denies takes too) finishes at once the deny of a mapping never applied:
    /// no sync will run there, and the backend never had the rule. Guarded also refuses on an instance being deleted, read
    /// in that lock too: its delete removes every rule, and a delete that fails leaves the instance error_deleting, where
    /// no sync runs, so a queued deny would stay queued while the backend keeps the rule.</summary>
    async Task<ApiResponse<NoContent>?> DenyOnInstance(ShareInstance instance, string accessId)
    {
        await using (await d.Locks.AcquireAsync(Host, LockNames.AccessRulesOfInstance(instance.Id)))
        {
            if (d.IsGuarded && (await d.Db.Get<ShareInstance>(instance.Id))?.Status is { IsBeingDeleted: true } status)
                return Answer.Conflict<NoContent>($"share instance {instance.Id} is {status}; the share's delete removes its rules");
            var mappings = await d.Db.Where<AccessRuleMapping>(instance.Id,
                m => m.ShareInstanceId == instance.Id && m.AccessId == accessId);
            foreach (var mapping in mappings)
            {
                if (d.Machines.AccessMapping.CanFire(mapping.Status, "api.deny"))
                {
                    bool neverApplied = mapping.Status == AccessMappingState.QueuedToApply;
                    if (await d.Transitions.Take(d.Machines.AccessMapping, mapping, "api.deny"))
                    {
                        if (d.IsGuarded && neverApplied && (await d.Db.Get<ShareInstance>(instance.Id))?.Status == ShareInstanceStatus.Error)
                            await d.Transitions.TakeDelete(d.Machines.AccessMapping, mapping, "mgr.replica_create.error",
                                store => Manager.ShareRows.DeleteRuleWithLastMapping(store, mapping.AccessId, Sim.UtcNow));
                        continue;
                    }
                }
                else if (mapping.Status == AccessMappingState.QueuedToDeny || mapping.Status == AccessMappingState.Denying)
                    continue; // already on its way out
                if (d.IsGuarded)
                    return Answer.Conflict<NoContent>($"access rule {accessId} is {mapping.Status} on {instance.Id}; deny it once the running update finishes");
            }
        }
        return null;
    }

    Task CastUpdateAccess(string host, string instanceId) =>
        d.Rpc.CastAsync(host, "update_access", () => d.Manager(host).UpdateAccessRules(instanceId));

    public async Task<ApiResponse<IReadOnlyList<AccessRuleView>>> ListAccess(string shareId)
    {
        await Enter($"GET /shares/{shareId}/access");
        var (share, instances) = await LoadShare(shareId);
        if (share is null) return Answer.NotFound<IReadOnlyList<AccessRuleView>>($"share {shareId} not found");
        var rules = await d.Db.Where<AccessRule>(shareId, r => r.ShareId == shareId);
        var views = new List<AccessRuleView>();
        foreach (var rule in rules)
        {
            var mappings = await d.Db.Where<AccessRuleMapping>(rule.Id, m => m.AccessId == rule.Id);
            views.Add(new AccessRuleView(rule.Id, shareId, rule.AccessType, rule.AccessTo, rule.AccessLevel,
                AccessStates.Aggregate(mappings.Select(m => m.Status)).Value));
        }
        return Answer.Ok<IReadOnlyList<AccessRuleView>>(views);
    }

    /// <summary>Manila's conditional active -> syncing on the instance's access_rules_status.</summary>
    async Task FlipToSyncing(string instanceId)
    {
        var current = await d.Db.Get<ShareInstance>(instanceId);
        if (current is not null && current.AccessRulesStatus == AccessRulesStatus.Active)
            await TakeAccessRulesStatus(current, "api.allow");
    }

    Task<bool> TakeAccessRulesStatus(ShareInstance seen, string trigger) =>
        d.Transitions.Take<ShareInstance, AccessRulesStatus>(d.Machines.AccessRulesStatus, seen.Id, seen.AccessRulesStatus,
            trigger, static i => i.AccessRulesStatus, static (i, s) => i.AccessRulesStatus = s);
}
