// Per-instance access-rule mapping `state` (share_instance_access_map, fact sheet §3).
namespace SimManila.Model;

public sealed record AccessMappingState : ManilaStatus<AccessMappingState>
{
    private AccessMappingState(string value) : base(value) { }

    public static readonly AccessMappingState QueuedToApply = Define(new("queued_to_apply"));
    public static readonly AccessMappingState QueuedToUpdate = Define(new("queued_to_update"));
    public static readonly AccessMappingState QueuedToDeny = Define(new("queued_to_deny"));
    public static readonly AccessMappingState Applying = Define(new("applying"));
    public static readonly AccessMappingState Updating = Define(new("updating"));
    public static readonly AccessMappingState Denying = Define(new("denying"));
    public static readonly AccessMappingState Active = Define(new("active"));
    public static readonly AccessMappingState Error = Define(new("error"));
    /// <summary>Written with the mapping's soft delete.</summary>
    public static readonly AccessMappingState Deleted = Define(new("deleted"));

    /// <summary>A rule's user-visible state is the worst of its mappings, in this order (models: get_aggregated_access_rules_state).</summary>
    public static IReadOnlyList<AccessMappingState> WorstFirst { get; } =
        [Error, Denying, QueuedToDeny, QueuedToUpdate, QueuedToApply, Updating, Applying, Active];
}
