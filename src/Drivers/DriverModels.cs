// The values the share manager hands to a driver: plain records, never database entities.
namespace SimManila.Drivers;

/// <summary>A share instance as the driver sees it; <paramref name="ServerId"/> names its share server on DHSS backends.</summary>
public sealed record DriverShare(string InstanceId, string ShareId, int SizeGb, string Protocol, string? ServerId = null);

/// <summary>A share server to set up or tear down on a subnet (network allocations are implied by the subnet), with
/// the security service of its share network when it has one.</summary>
public sealed record DriverServer(string ServerId, string SubnetId, string? SecurityServiceId = null);

/// <summary>One replica of a share and its replica_state, as create/promote/update_replica_state exchange them.</summary>
public sealed record DriverReplica(string InstanceId, string ShareId, string? ReplicaState);

public sealed record DriverSnapshot(string SnapshotInstanceId, string SnapshotId, string ShareInstanceId, int SizeGb);

public sealed record DriverAccessRule(string AccessId, string AccessType, string AccessTo, string AccessLevel);

/// <summary>What create returns: an export location, and optionally a status the manager must write instead of
/// `available` (drivers may answer `creating_from_snapshot`, finished later by the status poll).</summary>
public sealed record DriverCreateResult(string ExportLocation, string? Status = null);
