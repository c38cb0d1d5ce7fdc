// Guarded's claim-then-recheck. A request that moves a share instance into a transitional state takes it by
// test-and-set first and only then checks what it depends on, on a fresh read. Checked before the claim, a condition
// can go stale unseen: the status may leave `available` and come back (an extend finished, a snapshot was taken)
// between the read and the test-and-set, which compares the status alone. While the instance is claimed no other
// request or manager changes what the checks read, so the second read cannot go stale. A refusal gives it back.
using SimManila.Model;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    /// <returns>Null when the instance is claimed and the fresh checks pass; else the refusal, the claim given back.</returns>
    async Task<ApiResponse<T>?> ClaimThenRecheck<T>(ShareInstance instance, string claim,
        Func<Share, IReadOnlyList<ShareInstance>, Task<ApiResponse<T>?>> recheck) where T : class
    {
        var origin = instance.Status;
        if (!d.Machines.ShareInstance.CanFire(origin, claim) || !await d.Transitions.Take(d.Machines.ShareInstance, instance, claim))
            return Answer.Conflict<T>($"share instance {instance.Id} is busy with another operation");
        var (share, instances) = await LoadShare(instance.ShareId);
        var refusal = share is null ? Answer.NotFound<T>($"share {instance.ShareId} not found") : await recheck(share, instances);
        if (refusal is not null) await GiveBack(instance, claim, origin);
        return refusal;
    }

    /// <summary>
    /// Guarded: a delete's claim, under the instance's access lock and refused while an access-rule sync of the
    /// instance is in flight. A sync begins under the same lock only while the instance is not being deleted, so no
    /// rule reaches the backend for an instance once its delete has claimed it (only the delete's own removal does).
    /// </summary>
    async Task<ApiResponse<NoContent>?> ClaimForDelete(ShareInstance instance, string claim,
        Func<Share, IReadOnlyList<ShareInstance>, Task<ApiResponse<NoContent>?>> recheck)
    {
        await using (await d.Locks.AcquireAsync(Host, Coordination.LockNames.AccessRulesOfInstance(instance.Id)))
        {
            // Looked at before the claim: while this lock is held no sync begins, and one in flight may be calling the
            // driver, which must not meet the instance deleting, not even for the moment a refused claim lasts.
            var mappings = await d.Db.Where<AccessRuleMapping>(instance.Id, m => m.ShareInstanceId == instance.Id);
            if (mappings.FirstOrDefault(m => m.Status == AccessMappingState.Applying || m.Status == AccessMappingState.Denying
                    || m.Status == AccessMappingState.Updating) is { } busy)
                return Answer.Conflict<NoContent>($"access rule {busy.AccessId} is {busy.Status} on share instance {instance.Id}; retry once the sync finishes");
            return await ClaimThenRecheck(instance, claim, recheck);
        }
    }

    /// <summary>Returns a claim to the status it was taken from.</summary>
    async Task GiveBack(ShareInstance instance, string claim, ShareInstanceStatus origin)
    {
        if (!await d.Transitions.Take(d.Machines.ShareInstance, instance, Triggers.Refused(claim, origin.Value)))
            throw new InvalidOperationException($"share instance {instance.Id} left its claim '{claim}' while this request held it");
    }
}
