// Driver work on a resource being deleted: once its row is deleting, error_deleting or in deferred deletion, only its
// own delete (and that delete's retries) may reach the backend for it, with the removal of its access rules; a
// snapshot is never taken of a share instance being deleted. Races like extend-vs-delete or a poll of a replica whose
// delete failed (LP 2024578) show here at the call itself.
using SimManila.Drivers;

namespace SimManila.Scenarios.Invariants;

public sealed class NoDriverWorkOnDeletingResource : Invariant
{
    public override string Name => "no-driver-work-on-deleting-resource";
    public override string Meaning => "no driver call changes a resource whose row is deleting, error_deleting or in deferred deletion, other than its own delete, that delete's retries and the removal of its rules";
    public override string Inspects => "each new backend call against the status of its resource (and, for a snapshot, of its share instance)";
    public override InvariantTiming Timing => InvariantTiming.EveryStep;

    public override string? Check(InvariantContext context)
    {
        foreach (var (host, calls, index) in context.NewBackendCalls(Name))
        {
            var call = calls[index];
            if (!DriverMethodKinds.Changes(call.Method)) continue;
            var resource = BackendResources.Find(context, call.ResourceId);
            if (resource is { Deleted: false } && BackendResources.IsBeingDeleted(resource.Status) && !PartOfItsDelete(call, resource.Status))
                return $"{call.Method}({call.ResourceId}) reached {host}'s driver at {call.At} while its row is {resource.Status}";
            if (call.Method == "create_snapshot" && call.ParentId is { } parentId
                && BackendResources.Find(context, parentId) is { Deleted: false } parent && BackendResources.IsBeingDeleted(parent.Status))
                return $"create_snapshot({call.ResourceId}) reached {host}'s driver at {call.At} for share instance {parentId}, which is {parent.Status}";
        }
        return null;
    }

    static bool PartOfItsDelete(SimManila.Drivers.Fake.BackendCall call, string status) =>
        DriverMethodKinds.Deletes.Contains(call.Method)
        || (call.Method == "update_access" && call.RemovesOnly)
        // The replica snapshot poll finishing a delete on a non-active replica, deferred or not.
        || (call.Method == "update_replicated_snapshot" && status is "deleting" or "deferred_deleting");
}
