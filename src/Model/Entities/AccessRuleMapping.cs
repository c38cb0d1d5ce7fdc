// A rule on one instance (`share_instance_access_map`): the per-instance state the access workflow drives.
namespace SimManila.Model;

public sealed class AccessRuleMapping : IHasStatus<AccessMappingState>
{
    public required string Id { get; init; }
    public required string AccessId { get; set; }
    public required string ShareInstanceId { get; set; }
    /// <summary>Manila's column is `state`; exposed as Status so the store's conditional update applies.</summary>
    public AccessMappingState Status { get; set; } = AccessMappingState.QueuedToApply;
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
