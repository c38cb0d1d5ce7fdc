// A share instance (`share_instances`): one copy of a share on a backend; replicas and migration ends are instances.
namespace SimManila.Model;

public sealed class ShareInstance : IHasStatus<ShareInstanceStatus>
{
    public required string Id { get; init; }
    public required string ShareId { get; set; }
    public required ShareInstanceStatus Status { get; set; }
    /// <summary>host@backend#pool; null until scheduled.</summary>
    public string? Host { get; set; }
    public string? ShareServerId { get; set; }
    public string? ShareNetworkId { get; set; }
    public string? AvailabilityZone { get; set; }
    /// <summary>Null for instances of non-replicated shares.</summary>
    public ReplicaState? ReplicaState { get; set; }
    public AccessRulesStatus AccessRulesStatus { get; set; } = AccessRulesStatus.Active;
    public int Size { get; set; }
    public TaskState? TaskState { get; set; }
    /// <summary>Readable replicas and migration sources force every rule to `ro`.</summary>
    public bool CastRulesToReadonly { get; set; }
    public string? ExportLocation { get; set; }
    public string? Progress { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
