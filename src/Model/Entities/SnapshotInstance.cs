// A snapshot instance (`share_snapshot_instances`): the snapshot of one share instance.
namespace SimManila.Model;

public sealed class SnapshotInstance : IHasStatus<SnapshotInstanceStatus>
{
    public required string Id { get; init; }
    public required string SnapshotId { get; set; }
    public required string ShareInstanceId { get; set; }
    public required SnapshotInstanceStatus Status { get; set; }
    public string Progress { get; set; } = "0%";
    public string? ProviderLocation { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
