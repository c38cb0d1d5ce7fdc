// An in-memory share driver: every call is a scheduling point, takes virtual time, may fail at a named fault site,
// and raises the errors a real backend raises (missing resources, snapshots of a share being deleted, ...).
using SimManila.Simulation;

namespace SimManila.Drivers.Fake;

public sealed class FakeShareDriver(Simulator sim, FakeBackend backend, DriverCapabilities capabilities, TimeSpan latency,
    FaultSwitch faults)
    : IShareDriver
{
    public string Host => backend.Host;
    public DriverCapabilities Capabilities { get; } = capabilities;
    public FakeBackend Backend => backend;

    /// <summary>Enters a call: a scheduling point on the resource, the record of the call, and its fault site.</summary>
    async Task Enter(string method, string resourceId)
    {
        await sim.Point(PointKind.Send, "backend:" + resourceId, method);
        backend.Calls.Add(new BackendCall(Host, method, resourceId, sim.Now));
        if (sim.IsLogging) sim.Log($"driver {Host}.{method}({resourceId})");
        if (faults.Fires("driver." + method)) throw new InjectedFaultException("driver." + method);
    }

    BackendShare RequireShare(string instanceId, string method) =>
        backend.Shares.TryGetValue(instanceId, out var share)
            ? share
            : throw new ShareResourceNotFoundException($"{Host}: {method}: share {instanceId} does not exist on the backend");

    BackendSnapshot RequireSnapshot(string snapshotInstanceId, string method) =>
        backend.Snapshots.TryGetValue(snapshotInstanceId, out var snapshot)
            ? snapshot
            : throw new ShareResourceNotFoundException($"{Host}: {method}: snapshot {snapshotInstanceId} does not exist on the backend");

    void CheckCapacity(int addGb)
    {
        if (backend.UsedCapacityGb + addGb > Capabilities.TotalCapacityGb)
            throw new ShareBackendException($"{Host}: not enough capacity for {addGb} GB");
    }

    public async Task<DriverCreateResult> CreateShareAsync(DriverShare share)
    {
        await Enter("create_share", share.InstanceId);
        if (backend.Shares.ContainsKey(share.InstanceId))
            throw new ShareBackendException($"{Host}: share {share.InstanceId} already exists");
        CheckCapacity(share.SizeGb);
        await sim.Delay(latency);
        backend.Shares[share.InstanceId] = new BackendShare(share.InstanceId, share.SizeGb);
        return new DriverCreateResult($"{Host}:/shares/{share.InstanceId}");
    }

    public async Task<DriverCreateResult> CreateShareFromSnapshotAsync(DriverShare share, DriverSnapshot snapshot)
    {
        await Enter("create_share_from_snapshot", share.InstanceId);
        var source = RequireSnapshot(snapshot.SnapshotInstanceId, "create_share_from_snapshot");
        if (source.Deleting)
            throw new ShareBackendException($"{Host}: snapshot {snapshot.SnapshotInstanceId} is being deleted");
        if (backend.Shares.ContainsKey(share.InstanceId))
            throw new ShareBackendException($"{Host}: share {share.InstanceId} already exists");
        CheckCapacity(share.SizeGb);
        await sim.Delay(latency);
        backend.Shares[share.InstanceId] = new BackendShare(share.InstanceId, share.SizeGb);
        return new DriverCreateResult($"{Host}:/shares/{share.InstanceId}",
            Capabilities.AsyncCreateFromSnapshot ? "creating_from_snapshot" : null);
    }

    public async Task<string> GetShareStatusAsync(DriverShare share)
    {
        await Enter("get_share_status", share.InstanceId);
        return backend.Shares.ContainsKey(share.InstanceId) ? "available" : "error";
    }

    public async Task DeleteShareAsync(DriverShare share)
    {
        await Enter("delete_share", share.InstanceId);
        var existing = RequireShare(share.InstanceId, "delete_share");
        if (existing.Deleting)
            throw new ShareBackendException($"{Host}: share {share.InstanceId} is already being deleted");
        if (backend.Snapshots.Values.Any(s => s.ShareInstanceId == share.InstanceId))
            throw new ShareBackendException($"{Host}: share {share.InstanceId} has snapshots on the backend");
        existing.Deleting = true;
        await sim.Delay(latency);
        backend.Shares.Remove(share.InstanceId);
    }

    public async Task ExtendShareAsync(DriverShare share, int newSizeGb)
    {
        await Enter("extend_share", share.InstanceId);
        var existing = RequireShare(share.InstanceId, "extend_share");
        if (existing.Deleting) throw new ShareBackendException($"{Host}: share {share.InstanceId} is being deleted");
        CheckCapacity(newSizeGb - existing.SizeGb);
        await sim.Delay(latency);
        existing.SizeGb = newSizeGb;
    }

    public async Task ShrinkShareAsync(DriverShare share, int newSizeGb)
    {
        await Enter("shrink_share", share.InstanceId);
        var existing = RequireShare(share.InstanceId, "shrink_share");
        if (existing.Deleting) throw new ShareBackendException($"{Host}: share {share.InstanceId} is being deleted");
        if (newSizeGb < existing.UsedGb)
            throw new ShareShrinkingPossibleDataLossException($"{Host}: shrinking {share.InstanceId} to {newSizeGb} GB loses data");
        await sim.Delay(latency);
        existing.SizeGb = newSizeGb;
    }

    public async Task CreateSnapshotAsync(DriverSnapshot snapshot)
    {
        await Enter("create_snapshot", snapshot.SnapshotInstanceId);
        var share = RequireShare(snapshot.ShareInstanceId, "create_snapshot");
        if (share.Deleting)
            throw new ShareBackendException($"{Host}: cannot snapshot {snapshot.ShareInstanceId}: the share is being deleted");
        if (backend.Snapshots.ContainsKey(snapshot.SnapshotInstanceId))
            throw new ShareBackendException($"{Host}: snapshot {snapshot.SnapshotInstanceId} already exists");
        share.SnapshotsInProgress.Add(snapshot.SnapshotInstanceId);
        await sim.Delay(latency);
        share.SnapshotsInProgress.Remove(snapshot.SnapshotInstanceId);
        // An unsafe backend keeps one in-progress snapshot slot per share: a concurrent one took it over.
        if (!Capabilities.ConcurrentSnapshotsSafe && share.LostSnapshots.Remove(snapshot.SnapshotInstanceId)) return;
        if (!Capabilities.ConcurrentSnapshotsSafe)
            foreach (var other in share.SnapshotsInProgress) share.LostSnapshots.Add(other);
        backend.Snapshots[snapshot.SnapshotInstanceId] =
            new BackendSnapshot(snapshot.SnapshotInstanceId, snapshot.ShareInstanceId, snapshot.SizeGb);
    }

    public async Task DeleteSnapshotAsync(DriverSnapshot snapshot)
    {
        await Enter("delete_snapshot", snapshot.SnapshotInstanceId);
        var existing = RequireSnapshot(snapshot.SnapshotInstanceId, "delete_snapshot");
        if (existing.Deleting)
            throw new ShareBackendException($"{Host}: snapshot {snapshot.SnapshotInstanceId} is already being deleted");
        existing.Deleting = true;
        await sim.Delay(latency);
        backend.Snapshots.Remove(snapshot.SnapshotInstanceId);
    }

    public async Task RevertToSnapshotAsync(DriverShare share, DriverSnapshot snapshot)
    {
        await Enter("revert_to_snapshot", share.InstanceId);
        var existing = RequireShare(share.InstanceId, "revert_to_snapshot");
        var source = RequireSnapshot(snapshot.SnapshotInstanceId, "revert_to_snapshot");
        if (source.Deleting)
            throw new ShareBackendException($"{Host}: snapshot {snapshot.SnapshotInstanceId} is being deleted");
        await sim.Delay(latency);
        existing.SizeGb = source.SizeGb;
    }

    public async Task UpdateAccessAsync(DriverShare share, IReadOnlyList<DriverAccessRule> accessRules,
        IReadOnlyList<DriverAccessRule> addRules, IReadOnlyList<DriverAccessRule> deleteRules)
    {
        await Enter("update_access", share.InstanceId);
        var existing = RequireShare(share.InstanceId, "update_access");
        foreach (var rule in addRules.Concat(accessRules))
            if (!Capabilities.AccessTypes.Contains(rule.AccessType, StringComparer.Ordinal))
                throw new InvalidShareAccessTypeException(
                    $"{Host}: access type '{rule.AccessType}' is not supported for {rule.AccessId}");
        await sim.Delay(latency);
        // Like real drivers: with no changes listed, the full set is a recovery sync; otherwise apply the changes.
        if (addRules.Count == 0 && deleteRules.Count == 0)
        {
            existing.AppliedRules.Clear();
            foreach (var rule in accessRules) existing.AppliedRules[rule.AccessId] = rule;
            return;
        }
        foreach (var rule in deleteRules) existing.AppliedRules.Remove(rule.AccessId);
        foreach (var rule in addRules) existing.AppliedRules[rule.AccessId] = rule;
    }
}
