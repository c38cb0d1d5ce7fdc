// Share / share instance `status` (Manila constants SHARE_STATUSES, fact sheet §1.1) plus the Guarded-only marker.
namespace SimManila.Model;

public sealed record ShareInstanceStatus : ManilaStatus<ShareInstanceStatus>
{
    private ShareInstanceStatus(string value) : base(value) { }

    // Stable.
    public static readonly ShareInstanceStatus Available = Define(new("available"));
    public static readonly ShareInstanceStatus Inactive = Define(new("inactive"));
    public static readonly ShareInstanceStatus AwaitingTransfer = Define(new("awaiting_transfer"));
    /// <summary>In SHARE_STATUSES but never written by HEAD Manila.</summary>
    public static readonly ShareInstanceStatus Unmanaged = Define(new("unmanaged"));
    /// <summary>Soft-delete marker written with the row delete.</summary>
    public static readonly ShareInstanceStatus Deleted = Define(new("deleted"));

    // Transitional (exactly constants.TRANSITIONAL_STATUSES).
    public static readonly ShareInstanceStatus Creating = Define(new("creating"));
    public static readonly ShareInstanceStatus Deleting = Define(new("deleting"));
    public static readonly ShareInstanceStatus ManageStarting = Define(new("manage_starting"));
    public static readonly ShareInstanceStatus UnmanageStarting = Define(new("unmanage_starting"));
    public static readonly ShareInstanceStatus Extending = Define(new("extending"));
    public static readonly ShareInstanceStatus Shrinking = Define(new("shrinking"));
    public static readonly ShareInstanceStatus Migrating = Define(new("migrating"));
    public static readonly ShareInstanceStatus MigratingTo = Define(new("migrating_to"));
    /// <summary>Listed in TRANSITIONAL_STATUSES; no share-instance path of HEAD writes it.</summary>
    public static readonly ShareInstanceStatus Restoring = Define(new("restoring"));
    public static readonly ShareInstanceStatus Reverting = Define(new("reverting"));
    public static readonly ShareInstanceStatus ServerMigrating = Define(new("server_migrating"));
    public static readonly ShareInstanceStatus ServerMigratingTo = Define(new("server_migrating_to"));
    public static readonly ShareInstanceStatus BackupRestoring = Define(new("backup_restoring"));
    public static readonly ShareInstanceStatus BackupCreating = Define(new("backup_creating"));
    public static readonly ShareInstanceStatus Ensuring = Define(new("ensuring"));

    // In progress but not in TRANSITIONAL_STATUSES (so Manila's "not transitional" guards let them through).
    public static readonly ShareInstanceStatus CreatingFromSnapshot = Define(new("creating_from_snapshot"));
    public static readonly ShareInstanceStatus DeferredDeleting = Define(new("deferred_deleting"));
    public static readonly ShareInstanceStatus ReplicationChange = Define(new("replication_change"));
    public static readonly ShareInstanceStatus ManageErrorUnmanageStarting = Define(new("manage_error_unmanage_starting"));

    // Error.
    public static readonly ShareInstanceStatus Error = Define(new("error"));
    public static readonly ShareInstanceStatus ErrorDeleting = Define(new("error_deleting"));
    public static readonly ShareInstanceStatus ErrorDeferredDeleting = Define(new("error_deferred_deleting"));
    public static readonly ShareInstanceStatus ManageError = Define(new("manage_error"));
    public static readonly ShareInstanceStatus UnmanageError = Define(new("unmanage_error"));
    public static readonly ShareInstanceStatus ExtendingError = Define(new("extending_error"));
    public static readonly ShareInstanceStatus ShrinkingError = Define(new("shrinking_error"));
    /// <summary>Legacy: the manager no longer sets it (7aeed39ba); shrink still accepts it as a source.</summary>
    public static readonly ShareInstanceStatus ShrinkingPossibleDataLossError = Define(new("shrinking_possible_data_loss_error"));
    public static readonly ShareInstanceStatus RevertingError = Define(new("reverting_error"));
    public static readonly ShareInstanceStatus BackupRestoringError = Define(new("backup_restoring_error"));

    /// <summary>Guarded policy only: the share is taking a snapshot (Ocata race-prevention design).</summary>
    public static readonly ShareInstanceStatus Snapshotting = Define(new("snapshotting"));

    /// <summary>Guarded policy only: a replica poll is asking the driver, so delete, promote and sibling work are
    /// refused meanwhile (the fence that replaces Manila's replica lock held across the driver call).</summary>
    public static readonly ShareInstanceStatus ReplicaUpdating = Define(new("replica_updating"));

    /// <summary>Exactly Manila's constants.TRANSITIONAL_STATUSES.</summary>
    public static IReadOnlyList<ShareInstanceStatus> TransitionalStatuses { get; } =
    [
        Creating, Deleting, ManageStarting, UnmanageStarting, Extending, Shrinking, Migrating, MigratingTo, Restoring,
        Reverting, ServerMigrating, ServerMigratingTo, BackupRestoring, BackupCreating, Ensuring,
    ];

    public bool IsInTransitionalStatuses => TransitionalStatuses.Contains(this);

    /// <summary>A delete has begun and not ended: it removes the instance's rules (a failed one is retried).</summary>
    public bool IsBeingDeleted => this == Deleting || this == DeferredDeleting || this == ErrorDeleting || this == ErrorDeferredDeleting;
}
