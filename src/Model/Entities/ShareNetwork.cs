// A share network (`share_networks`): tenant network settings; `network_change` while servers are updated.
namespace SimManila.Model;

public sealed class ShareNetwork : IHasStatus<ShareNetworkStatus>
{
    public required string Id { get; init; }
    public required string ProjectId { get; set; }
    public string? Name { get; set; }
    /// <summary>The security service associated with the network (the association table, reduced to one service).</summary>
    public string? SecurityServiceId { get; set; }
    public ShareNetworkStatus Status { get; set; } = ShareNetworkStatus.Active;
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
