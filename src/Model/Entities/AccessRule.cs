// An access rule (`share_access_map`): who may mount a share and how; per-instance state lives in AccessRuleMapping.
namespace SimManila.Model;

public sealed class AccessRule : IEntity
{
    public required string Id { get; init; }
    public required string ShareId { get; set; }
    /// <summary>ip, user, cert or cephx.</summary>
    public required string AccessType { get; set; }
    public required string AccessTo { get; set; }
    /// <summary>rw or ro.</summary>
    public string AccessLevel { get; set; } = "rw";
    public string? AccessKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
