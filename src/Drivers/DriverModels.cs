// The values the share manager hands to a driver: plain records, never database entities.
namespace SimManila.Drivers;

public sealed record DriverShare(string InstanceId, string ShareId, int SizeGb, string Protocol);

public sealed record DriverSnapshot(string SnapshotInstanceId, string SnapshotId, string ShareInstanceId, int SizeGb);

public sealed record DriverAccessRule(string AccessId, string AccessType, string AccessTo, string AccessLevel);

/// <summary>What create returns: an export location, and optionally a status the manager must write instead of
/// `available` (drivers may answer `creating_from_snapshot`, finished later by the status poll).</summary>
public sealed record DriverCreateResult(string ExportLocation, string? Status = null);
