// How a state reads on a diagram and in invariants: at rest, on its way somewhere, or failed.
namespace SimManila.StateMachines;

public enum StateKind
{
    Stable,
    Transitional,
    Error,
}

/// <summary>The two concurrency policies; Guarded adds states and narrows some transitions.</summary>
public enum MachineVariant
{
    Legacy,
    Guarded,
}

/// <summary>API actions a resource's current state may permit.</summary>
public enum ApiAction
{
    Delete,
    ForceDelete,
    SoftDelete,
    ResetStatus,
    Snapshot,
    Extend,
    Shrink,
    Revert,
    AllowAccess,
    DenyAccess,
    UpdateAccess,
    PromoteReplica,
    CreateReplica,
    DeleteReplica,
    ResyncReplica,
    Manage,
    Unmanage,
    Migrate,
    MigrationComplete,
    MigrationCancel,
    Backup,
    Restore,
    Transfer,
    CreateShare,
    Update,
}
