// A share server (`share_servers`): the backend's per-network server for DHSS drivers.
namespace SimManila.Model;

public sealed class ShareServer : IHasStatus<ShareServerStatus>
{
    public required string Id { get; init; }
    public required string Host { get; set; }
    public ShareServerStatus Status { get; set; } = ShareServerStatus.Inactive;
    public string? ShareNetworkSubnetId { get; set; }
    public string? ShareNetworkId { get; set; }
    public string? Identifier { get; set; }
    public bool IsAutoDeletable { get; set; } = true;
    public string? SourceShareServerId { get; set; }
    public TaskState? TaskState { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Drives unused-server cleanup age (unused_share_server_cleanup_interval).</summary>
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
