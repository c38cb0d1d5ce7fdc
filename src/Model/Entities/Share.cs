// A share (`shares`): user-facing resource; status, host and server are proxied from one selected instance.
namespace SimManila.Model;

public sealed class Share : IEntity
{
    public required string Id { get; init; }
    public required string ProjectId { get; set; }
    public string? Name { get; set; }
    public int Size { get; set; }
    public string ShareProto { get; set; } = "NFS";
    public string? ShareTypeId { get; set; }
    public string? ShareGroupId { get; set; }
    public string? ShareNetworkId { get; set; }
    /// <summary>Source snapshot when created from a snapshot.</summary>
    public string? SnapshotId { get; set; }
    public bool SnapshotSupport { get; set; }
    public bool CreateShareFromSnapshotSupport { get; set; }
    public bool RevertToSnapshotSupport { get; set; }
    public bool MountSnapshotSupport { get; set; }
    /// <summary>readable, writable, dr or null (not replicated).</summary>
    public string? ReplicationType { get; set; }
    /// <summary>Recycle bin (soft_delete API), distinct from the row's <see cref="Deleted"/>.</summary>
    public bool IsSoftDeleted { get; set; }
    public DateTime? ScheduledToBeDeletedAt { get; set; }
    public bool IsPublic { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
