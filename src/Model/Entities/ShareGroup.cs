// A share group (`share_groups`).
namespace SimManila.Model;

public sealed class ShareGroup : IHasStatus<ShareGroupStatus>
{
    public required string Id { get; init; }
    public required string ProjectId { get; set; }
    public string? Name { get; set; }
    public ShareGroupStatus Status { get; set; } = ShareGroupStatus.Creating;
    public string? Host { get; set; }
    public string? ShareNetworkId { get; set; }
    public string? ShareServerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
