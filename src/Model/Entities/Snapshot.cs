// A snapshot (`share_snapshots`); its status is aggregated from its instances (see SnapshotAggregation).
namespace SimManila.Model;

public sealed class Snapshot : IEntity
{
    public required string Id { get; init; }
    public required string ShareId { get; set; }
    public required string ProjectId { get; set; }
    public string? Name { get; set; }
    public int Size { get; set; }
    public int ShareSize { get; set; }
    public string ShareProto { get; set; } = "NFS";
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
