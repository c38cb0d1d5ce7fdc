// Share backup `status` (fact sheet §1.7).
namespace SimManila.Model;

public sealed record BackupStatus : ManilaStatus<BackupStatus>
{
    private BackupStatus(string value) : base(value) { }

    public static readonly BackupStatus Creating = Define(new("creating"));
    public static readonly BackupStatus Available = Define(new("available"));
    public static readonly BackupStatus Error = Define(new("error"));
    public static readonly BackupStatus Deleting = Define(new("deleting"));
    public static readonly BackupStatus ErrorDeleting = Define(new("error_deleting"));
    public static readonly BackupStatus Restoring = Define(new("restoring"));
    /// <summary>Soft-delete marker written with the row delete.</summary>
    public static readonly BackupStatus Deleted = Define(new("deleted"));
}
