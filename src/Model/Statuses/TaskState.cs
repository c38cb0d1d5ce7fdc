// Share instance `task_state` for migration and data copy (fact sheet §7), with Manila's BUSY_TASK_STATES.
namespace SimManila.Model;

public sealed record TaskState : ManilaStatus<TaskState>
{
    private TaskState(string value) : base(value) { }

    public static readonly TaskState MigrationStarting = Define(new("migration_starting"));
    public static readonly TaskState MigrationInProgress = Define(new("migration_in_progress"));
    public static readonly TaskState MigrationDriverStarting = Define(new("migration_driver_starting"));
    public static readonly TaskState MigrationDriverInProgress = Define(new("migration_driver_in_progress"));
    public static readonly TaskState MigrationDriverPhase1Done = Define(new("migration_driver_phase1_done"));
    public static readonly TaskState MigrationCompleting = Define(new("migration_completing"));
    public static readonly TaskState MigrationSuccess = Define(new("migration_success"));
    public static readonly TaskState MigrationError = Define(new("migration_error"));
    public static readonly TaskState MigrationCancelled = Define(new("migration_cancelled"));
    public static readonly TaskState MigrationCancelInProgress = Define(new("migration_cancel_in_progress"));
    public static readonly TaskState DataCopyingStarting = Define(new("data_copying_starting"));
    public static readonly TaskState DataCopyingInProgress = Define(new("data_copying_in_progress"));
    public static readonly TaskState DataCopyingCompleting = Define(new("data_copying_completing"));
    public static readonly TaskState DataCopyingCompleted = Define(new("data_copying_completed"));
    public static readonly TaskState DataCopyingCancelled = Define(new("data_copying_cancelled"));
    public static readonly TaskState DataCopyingError = Define(new("data_copying_error"));

    /// <summary>Manila's BUSY_TASK_STATES: a share in one of these is busy (blocks delete, extend, snapshot, ...).</summary>
    public static IReadOnlyList<TaskState> BusyTaskStates { get; } =
    [
        MigrationStarting, MigrationInProgress, MigrationDriverStarting, MigrationDriverInProgress,
        MigrationDriverPhase1Done, MigrationCompleting, DataCopyingStarting, DataCopyingInProgress,
        DataCopyingCompleting, DataCopyingCompleted,
    ];

    public bool IsBusy => BusyTaskStates.Contains(this);
}
