// What a backend reports to the scheduler (manila/share/driver.py: _update_share_stats); the API gates on these.
namespace SimManila.Drivers;

public sealed record DriverCapabilities
{
    public bool SnapshotSupport { get; init; } = true;
    public bool CreateShareFromSnapshotSupport { get; init; } = true;
    public bool RevertToSnapshotSupport { get; init; }
    public bool Ipv6Support { get; init; } = true;
    public bool DriverHandlesShareServers { get; init; }
    public string? ReplicationType { get; init; }
    /// <summary>Share protocols this backend serves, e.g. NFS, CIFS.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = ["NFS", "CIFS"];
    /// <summary>Access types the backend accepts; the API does not bind type to protocol, the driver rejects.</summary>
    public IReadOnlyList<string> AccessTypes { get; init; } = ["ip", "user"];
    /// <summary>When set, creating from a snapshot answers creating_from_snapshot and is finished by a status poll.</summary>
    public bool AsyncCreateFromSnapshot { get; init; }
    public int TotalCapacityGb { get; init; } = 1000;
    /// <summary>thin_provisioning without a reported provisioned_capacity_gb: the scheduler estimates it from the
    /// database on every capability update (host_manager: PoolState.update_from_share_capability).</summary>
    public bool ThinProvisioning { get; init; }
    /// <summary>False: a second snapshot of a share taken while the first is in progress overwrites it on the
    /// backend (the driver-level race of HNAS, LP 1550378), though both calls report success.</summary>
    public bool ConcurrentSnapshotsSafe { get; init; } = true;
    /// <summary>security_service_update_support: the backend can change a live server's security service (the fake
    /// can; Manila's base driver says False).</summary>
    public bool SecurityServiceUpdateSupport { get; init; } = true;
    /// <summary>network_allocation_update_support: the backend can add a subnet's allocations to a live server.</summary>
    public bool NetworkAllocationUpdateSupport { get; init; } = true;
}
