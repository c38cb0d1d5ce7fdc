// The manager-to-driver interface (manila/share/driver.py: ShareDriver), the calls SimManila simulates.
namespace SimManila.Drivers;

public interface IShareDriver
{
    string Host { get; }
    DriverCapabilities Capabilities { get; }

    Task<DriverCreateResult> CreateShareAsync(DriverShare share);
    Task<DriverCreateResult> CreateShareFromSnapshotAsync(DriverShare share, DriverSnapshot snapshot);
    /// <summary>Polled for shares left in creating_from_snapshot: returns `available`, `error` or the same status.</summary>
    Task<string> GetShareStatusAsync(DriverShare share);
    Task DeleteShareAsync(DriverShare share);
    Task ExtendShareAsync(DriverShare share, int newSizeGb);
    Task ShrinkShareAsync(DriverShare share, int newSizeGb);
    Task CreateSnapshotAsync(DriverSnapshot snapshot);
    Task DeleteSnapshotAsync(DriverSnapshot snapshot);
    Task RevertToSnapshotAsync(DriverShare share, DriverSnapshot snapshot);

    /// <summary>Applies the instance's whole rule set: `accessRules` is the full desired set (minus denying rules),
    /// add/delete are the changes of this batch. Raises when any rule cannot be applied.</summary>
    Task UpdateAccessAsync(DriverShare share, IReadOnlyList<DriverAccessRule> accessRules,
        IReadOnlyList<DriverAccessRule> addRules, IReadOnlyList<DriverAccessRule> deleteRules);

    // Share servers (DHSS backends): setup_server after network allocation, teardown_server on delete.
    Task SetupServerAsync(DriverServer server);
    /// <summary>Raises when shares still live on the server, as real backends refuse to drop a busy vserver.</summary>
    Task TeardownServerAsync(DriverServer server);
    /// <summary>update_share_server_security_service: swaps <paramref name="currentSecurityServiceId"/> (null: adds)
    /// for <paramref name="newSecurityServiceId"/> on a live server carrying <paramref name="shares"/>.</summary>
    Task UpdateShareServerSecurityServiceAsync(DriverServer server, IReadOnlyList<DriverShare> shares,
        string newSecurityServiceId, string? currentSecurityServiceId);
    /// <summary>update_share_server_network_allocations: gives a live server allocations on a new subnet of its AZ.</summary>
    Task UpdateShareServerNetworkAllocationsAsync(DriverServer server, IReadOnlyList<DriverShare> shares, string newSubnetId);

    // Replication (backends with a replication_type).
    /// <summary>Creates <paramref name="replica"/> beside the others; returns its replica_state.</summary>
    Task<string> CreateReplicaAsync(DriverShare replica, IReadOnlyList<DriverReplica> all);
    Task DeleteReplicaAsync(DriverShare replica);
    /// <summary>Makes <paramref name="replica"/> the active one; returns every replica with its new replica_state.</summary>
    Task<IReadOnlyList<DriverReplica>> PromoteReplicaAsync(DriverShare replica, IReadOnlyList<DriverReplica> all);
    /// <summary>in_sync, out_of_sync or error; may lag what the database believes.</summary>
    Task<string> UpdateReplicaStateAsync(DriverShare replica, DriverReplica active);
    /// <summary>Polls a snapshot instance on a non-active replica that is being created or deleted: available,
    /// deleted or error.</summary>
    Task<string> UpdateReplicatedSnapshotAsync(DriverShare replica, DriverSnapshot snapshot, bool deleting);

    // Share groups.
    Task CreateShareGroupAsync(string groupId, string? serverId);
    Task DeleteShareGroupAsync(string groupId);
}
