// Quota usage (`quota_usages`): per project and resource, what is in use and what is reserved.
namespace SimManila.Model;

public sealed class QuotaUsage : IEntity
{
    public required string Id { get; init; }
    public required string ProjectId { get; set; }
    /// <summary>shares, gigabytes, snapshots, snapshot_gigabytes, share_replicas, ...</summary>
    public required string Resource { get; set; }
    public int InUse { get; set; }
    public int Reserved { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
