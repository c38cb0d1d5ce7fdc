// Snapshot instance `status` (fact sheet §1.2); a snapshot's own status is aggregated from these.
namespace SimManila.Model;

public sealed record SnapshotInstanceStatus : ManilaStatus<SnapshotInstanceStatus>
{
    private SnapshotInstanceStatus(string value) : base(value) { }

    public static readonly SnapshotInstanceStatus Creating = Define(new("creating"));
    public static readonly SnapshotInstanceStatus Available = Define(new("available"));
    public static readonly SnapshotInstanceStatus Error = Define(new("error"));
    public static readonly SnapshotInstanceStatus Deleting = Define(new("deleting"));
    public static readonly SnapshotInstanceStatus ErrorDeleting = Define(new("error_deleting"));
    public static readonly SnapshotInstanceStatus DeferredDeleting = Define(new("deferred_deleting"));
    public static readonly SnapshotInstanceStatus ErrorDeferredDeleting = Define(new("error_deferred_deleting"));
    public static readonly SnapshotInstanceStatus ManageStarting = Define(new("manage_starting"));
    public static readonly SnapshotInstanceStatus ManageError = Define(new("manage_error"));
    public static readonly SnapshotInstanceStatus UnmanageStarting = Define(new("unmanage_starting"));
    public static readonly SnapshotInstanceStatus UnmanageError = Define(new("unmanage_error"));
    public static readonly SnapshotInstanceStatus Restoring = Define(new("restoring"));
    public static readonly SnapshotInstanceStatus Migrating = Define(new("migrating"));
    public static readonly SnapshotInstanceStatus MigratingTo = Define(new("migrating_to"));
    public static readonly SnapshotInstanceStatus ServerMigrating = Define(new("server_migrating"));
    /// <summary>Soft-delete marker written with the row delete.</summary>
    public static readonly SnapshotInstanceStatus Deleted = Define(new("deleted"));
}
