// Share server `status` (SHARE_SERVER_STATUSES, fact sheet §1.4) plus the Guarded-only setup phases.
namespace SimManila.Model;

public sealed record ShareServerStatus : ManilaStatus<ShareServerStatus>
{
    private ShareServerStatus(string value) : base(value) { }

    public static readonly ShareServerStatus Inactive = Define(new("inactive"));
    public static readonly ShareServerStatus Creating = Define(new("creating"));
    public static readonly ShareServerStatus Active = Define(new("active"));
    public static readonly ShareServerStatus Error = Define(new("error"));
    public static readonly ShareServerStatus Deleting = Define(new("deleting"));
    public static readonly ShareServerStatus ManageStarting = Define(new("manage_starting"));
    public static readonly ShareServerStatus ManageError = Define(new("manage_error"));
    public static readonly ShareServerStatus UnmanageStarting = Define(new("unmanage_starting"));
    public static readonly ShareServerStatus UnmanageError = Define(new("unmanage_error"));
    public static readonly ShareServerStatus ServerMigrating = Define(new("server_migrating"));
    public static readonly ShareServerStatus ServerMigratingTo = Define(new("server_migrating_to"));
    public static readonly ShareServerStatus NetworkChange = Define(new("network_change"));
    /// <summary>Soft-delete marker written with the row delete.</summary>
    public static readonly ShareServerStatus Deleted = Define(new("deleted"));

    /// <summary>Guarded only: network allocation in progress (Manila folds it into `creating`).</summary>
    public static readonly ShareServerStatus AllocatingNetwork = Define(new("allocating_network"));
    /// <summary>Guarded only: driver setup_server in progress (Manila folds it into `creating`).</summary>
    public static readonly ShareServerStatus SettingUp = Define(new("setting_up"));
}
