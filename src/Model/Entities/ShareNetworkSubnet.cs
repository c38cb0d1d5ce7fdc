// A share network subnet (`share_network_subnets`): one per availability zone; no status column in Manila.
namespace SimManila.Model;

public sealed class ShareNetworkSubnet : IEntity
{
    public required string Id { get; init; }
    public required string ShareNetworkId { get; set; }
    /// <summary>Null means the default subnet (any AZ).</summary>
    public string? AvailabilityZone { get; set; }
    public string? NeutronNetId { get; set; }
    public string? NeutronSubnetId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
