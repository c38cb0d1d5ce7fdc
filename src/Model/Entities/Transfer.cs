// A share transfer (`transfers`): no status column, only `accepted` and `expires_at`.
namespace SimManila.Model;

public sealed class Transfer : IEntity
{
    public required string Id { get; init; }
    public string ResourceType { get; set; } = "share";
    public required string ResourceId { get; set; }
    public string? DisplayName { get; set; }
    public required string SourceProjectId { get; set; }
    public string? DestinationProjectId { get; set; }
    public required string AuthKey { get; set; }
    public bool Accepted { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
