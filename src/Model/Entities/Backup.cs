// A share backup (`share_backups`).
namespace SimManila.Model;

public sealed class Backup : IHasStatus<BackupStatus>
{
    public required string Id { get; init; }
    public required string ShareId { get; set; }
    public required string ProjectId { get; set; }
    public BackupStatus Status { get; set; } = BackupStatus.Creating;
    public int Size { get; set; }
    public string? Host { get; set; }
    public string Progress { get; set; } = "0";
    public string RestoreProgress { get; set; } = "0";
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
