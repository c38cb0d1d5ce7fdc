// An in-memory share driver: every call is a scheduling point, takes virtual time, may fail at a named fault site,
// and raises the errors a real backend raises (missing resources, snapshots of a share being deleted, ...).
using SimManila.Simulation;

namespace SimManila.Drivers.Fake;

/// <param name="answers">Pinned answers (DriverAnswers): what the calls the backend decides return in every schedule.</param>
public sealed class FakeShareDriver(Simulator sim, FakeBackend backend, DriverCapabilities capabilities, TimeSpan latency,
    FaultSwitch faults, IReadOnlyDictionary<string, string>? answers = null)
    : IShareDriver
{
    public string Host => backend.Host;
    public DriverCapabilities Capabilities { get; } = capabilities;
    public FakeBackend Backend => backend;

    /// <summary>Runs at the start of every call with the method's name; the service layer checks its own rules
    /// there (Guarded: no coordinator lock held across a driver call). Null costs one test per call.</summary>
    public Action<string>? BeforeEachCall { get; set; }

    /// <summary>Runs at the end of every call that reached the backend (succeeded or raised), with the method's name,
    /// once the backend has done its part: the service layer's crash site (the caller dies, the answer is lost).</summary>
    public Func<string, ValueTask>? AfterEachCall { get; set; }

    /// <summary>
    /// Enters a call: a scheduling point on the resource, the record of the call, and its fault site. The call then
    /// runs shielded: the backend finishes it even if the caller's process crashes meanwhile.
    /// </summary>
    /// <param name="removesOnly">The call only removes access (known before it starts, so the record says so at once:
    /// a delay plan makes the call's record visible before the call proceeds).</param>
    /// <param name="deletesWhatIsGone">A delete of a resource the backend no longer has: it can change nothing (ids are
    /// never reused), and its record says so at once, for the same reason.</param>
    async Task<DriverCall> Enter(string method, string resourceId, string? parentId = null, bool removesOnly = false,
        bool deletesWhatIsGone = false)
    {
        BeforeEachCall?.Invoke(method);
        await sim.Point(PointKind.Send, "backend:" + resourceId, method);
        backend.Calls.Add(new BackendCall(Host, method, resourceId, sim.Now)
        {
            ParentId = parentId, Operation = sim.Current?.Name, RemovesOnly = removesOnly, NoEffect = deletesWhatIsGone,
        });
        int call = backend.Calls.Count - 1;
        if (sim.IsLogging) sim.Log($"driver {Host}.{method}({resourceId})");
        var site = DriverFaultSites.Of(method);
        if (faults.Fires(site, Host))
        {
            MarkNoEffect(call);
            throw new InjectedFaultException(site);
        }
        var scope = new DriverCall(this, method, call, sim.Shield());
        var slow = faults.Delay(site, Host);
        if (slow > TimeSpan.Zero) await sim.Delay(slow, $"{site} is slow");
        return scope;
    }

    /// <summary>A call in progress; disposing it ends the shield and runs AfterEachCall.</summary>
    readonly struct DriverCall(FakeShareDriver driver, string method, int index, ShieldScope shield) : IAsyncDisposable
    {
        public int Index => index;

        public ValueTask DisposeAsync()
        {
            shield.Dispose();
            return driver.AfterEachCall?.Invoke(method) ?? ValueTask.CompletedTask;
        }
    }

    /// <summary>The pinned answer for <paramref name="call"/>, or null to leave it to the exploration.</summary>
    string? Pinned(string call) => answers is not null && answers.TryGetValue(call, out var answer) ? answer : null;

    void MarkNoEffect(int call) => backend.Calls[call] = backend.Calls[call] with { NoEffect = true };

    /// <summary>A delete: its checks all come before its first change to the backend, so one that raised, or found the
    /// resource already gone (<paramref name="body"/> returns false), changed nothing, and its call record says so
    /// (Manila retries failed deletes). A delete that found another one running is not marked: two deletes at once is
    /// what the one-delete invariant looks for.</summary>
    async Task Delete(string method, string resourceId, Func<Task<bool>> body, string? parentId = null)
    {
        bool gone = !backend.Shares.ContainsKey(resourceId) && !backend.Snapshots.ContainsKey(resourceId)
            && !backend.Servers.ContainsKey(resourceId);
        await using var call = await Enter(method, resourceId, parentId, deletesWhatIsGone: gone);
        try
        {
            if (!await body()) MarkNoEffect(call.Index);
        }
        catch (ShareBackendException e) when (e is not AlreadyBeingDeletedException)
        {
            MarkNoEffect(call.Index);
            throw;
        }
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
        await using var call = await Enter("create_share", share.InstanceId);
        if (backend.Shares.ContainsKey(share.InstanceId))
            throw new ShareBackendException($"{Host}: share {share.InstanceId} already exists");
        CheckServer(share, "create_share");
        CheckCapacity(share.SizeGb);
        await sim.Delay(latency);
        // The server may have been torn down during the call: a real backend fails the export then.
        CheckServer(share, "create_share");
        backend.Shares[share.InstanceId] = new BackendShare(share.InstanceId, share.SizeGb) { ServerId = share.ServerId, ShareId = share.ShareId };
        return new DriverCreateResult($"{Host}:/shares/{share.InstanceId}");
    }

    /// <summary>DHSS backends need a live, set-up server for every share; others take none.</summary>
    void CheckServer(DriverShare share, string method)
    {
        if (Capabilities.DriverHandlesShareServers != (share.ServerId is not null))
            throw new ShareBackendException(Capabilities.DriverHandlesShareServers
                ? $"{Host}: {method}: share {share.InstanceId} needs a share server on this backend"
                : $"{Host}: {method}: this backend does not handle share servers");
        if (share.ServerId is null) return;
        if (!backend.Servers.TryGetValue(share.ServerId, out var server))
            throw new ShareResourceNotFoundException($"{Host}: {method}: share server {share.ServerId} does not exist on the backend");
        if (server.SettingUp) throw new ShareBackendException($"{Host}: {method}: share server {share.ServerId} is still being set up");
        if (server.TearingDown) throw new ShareBackendException($"{Host}: {method}: share server {share.ServerId} is being torn down");
    }

    public async Task<DriverCreateResult> CreateShareFromSnapshotAsync(DriverShare share, DriverSnapshot snapshot)
    {
        await using var call = await Enter("create_share_from_snapshot", share.InstanceId);
        var source = RequireSnapshot(snapshot.SnapshotInstanceId, "create_share_from_snapshot");
        if (source.Deleting)
            throw new ShareBackendException($"{Host}: snapshot {snapshot.SnapshotInstanceId} is being deleted");
        if (backend.Shares.ContainsKey(share.InstanceId))
            throw new ShareBackendException($"{Host}: share {share.InstanceId} already exists");
        CheckServer(share, "create_share_from_snapshot");
        CheckCapacity(share.SizeGb);
        await sim.Delay(latency);
        CheckServer(share, "create_share_from_snapshot");
        backend.Shares[share.InstanceId] = new BackendShare(share.InstanceId, share.SizeGb) { ServerId = share.ServerId, ShareId = share.ShareId };
        return new DriverCreateResult($"{Host}:/shares/{share.InstanceId}",
            Capabilities.AsyncCreateFromSnapshot ? "creating_from_snapshot" : null);
    }

    public async Task<string> GetShareStatusAsync(DriverShare share)
    {
        await using var call = await Enter("get_share_status", share.InstanceId);
        return backend.Shares.ContainsKey(share.InstanceId) ? "available" : "error";
    }

    public async Task DeleteShareAsync(DriverShare share)
    {
        await Delete("delete_share", share.InstanceId, async () =>
        {
            var existing = RequireShare(share.InstanceId, "delete_share");
            if (existing.Deleting)
                throw new AlreadyBeingDeletedException($"{Host}: share {share.InstanceId} is already being deleted");
            if (backend.Snapshots.Values.Any(s => s.ShareInstanceId == share.InstanceId))
                throw new ShareBackendException($"{Host}: share {share.InstanceId} has snapshots on the backend");
            existing.Deleting = true;
            await sim.Delay(latency);
            backend.Shares.Remove(share.InstanceId);
            return true;
        });
    }

    public async Task ExtendShareAsync(DriverShare share, int newSizeGb)
    {
        await using var call = await Enter("extend_share", share.InstanceId);
        var existing = RequireShare(share.InstanceId, "extend_share");
        if (existing.Deleting) throw new ShareBackendException($"{Host}: share {share.InstanceId} is being deleted");
        CheckCapacity(newSizeGb - existing.SizeGb);
        await sim.Delay(latency);
        existing.SizeGb = newSizeGb;
    }

    public async Task ShrinkShareAsync(DriverShare share, int newSizeGb)
    {
        await using var call = await Enter("shrink_share", share.InstanceId);
        var existing = RequireShare(share.InstanceId, "shrink_share");
        if (existing.Deleting) throw new ShareBackendException($"{Host}: share {share.InstanceId} is being deleted");
        if (newSizeGb < existing.UsedGb)
            throw new ShareShrinkingPossibleDataLossException($"{Host}: shrinking {share.InstanceId} to {newSizeGb} GB loses data");
        await sim.Delay(latency);
        existing.SizeGb = newSizeGb;
    }

    public async Task CreateSnapshotAsync(DriverSnapshot snapshot)
    {
        await using var call = await Enter("create_snapshot", snapshot.SnapshotInstanceId, snapshot.ShareInstanceId);
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
        await Delete("delete_snapshot", snapshot.SnapshotInstanceId, parentId: snapshot.ShareInstanceId, body: async () =>
        {
            var existing = RequireSnapshot(snapshot.SnapshotInstanceId, "delete_snapshot");
            if (existing.Deleting)
                throw new AlreadyBeingDeletedException($"{Host}: snapshot {snapshot.SnapshotInstanceId} is already being deleted");
            existing.Deleting = true;
            await sim.Delay(latency);
            backend.Snapshots.Remove(snapshot.SnapshotInstanceId);
            return true;
        });
    }

    public async Task RevertToSnapshotAsync(DriverShare share, DriverSnapshot snapshot)
    {
        await using var call = await Enter("revert_to_snapshot", share.InstanceId);
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
        await using var call = await Enter("update_access", share.InstanceId, removesOnly: addRules.Count == 0 && accessRules.Count == 0);
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

    public async Task SetupServerAsync(DriverServer server)
    {
        await using var call = await Enter("setup_server", server.ServerId);
        if (!Capabilities.DriverHandlesShareServers)
            throw new ShareBackendException($"{Host}: setup_server: this backend does not handle share servers");
        if (backend.Servers.ContainsKey(server.ServerId))
            throw new ShareBackendException($"{Host}: share server {server.ServerId} already exists");
        var created = new BackendServer(server.ServerId, server.SubnetId) { SecurityServiceId = server.SecurityServiceId };
        backend.Servers[server.ServerId] = created;
        await sim.Delay(latency);
        if (faults.Fires(DriverFaultSites.SetupServerNetwork, Host))
        {
            backend.Servers.Remove(server.ServerId); // the driver cleans up its half-made vserver
            throw new ShareBackendException($"{Host}: setup_server {server.ServerId}: network allocation on {server.SubnetId} failed");
        }
        created.SettingUp = false;
    }

    public async Task TeardownServerAsync(DriverServer server)
    {
        await Delete("teardown_server", server.ServerId, async () =>
        {
            if (!backend.Servers.TryGetValue(server.ServerId, out var existing))
                return false; // Manila's drivers treat a missing vserver as already gone
            if (existing.TearingDown)
                throw new AlreadyBeingDeletedException($"{Host}: share server {server.ServerId} is already being torn down");
            var living = backend.InstancesOn(server.ServerId).FirstOrDefault();
            if (living is not null)
                throw new ShareBackendException($"{Host}: cannot tear down share server {server.ServerId}: share {living} lives on it");
            existing.TearingDown = true;
            await sim.Delay(latency);
            backend.Servers.Remove(server.ServerId);
            return true;
        });
    }

    public async Task UpdateShareServerSecurityServiceAsync(DriverServer server, IReadOnlyList<DriverShare> shares,
        string newSecurityServiceId, string? currentSecurityServiceId)
    {
        const string method = "update_share_server_security_service";
        await using var call = await Enter(method, server.ServerId);
        if (!Capabilities.SecurityServiceUpdateSupport)
            throw new ShareBackendException($"{Host}: {method}: this backend cannot update security services of live share servers");
        var existing = RequireLiveServer(server.ServerId, shares, method);
        // A NetApp-style backend rejoins the vserver to the new domain only from the one it is in.
        if (existing.SecurityServiceId != currentSecurityServiceId)
            throw new ShareBackendException($"{Host}: {method}: share server {server.ServerId} uses security service "
                + $"{existing.SecurityServiceId ?? "(none)"}, not {currentSecurityServiceId ?? "(none)"}");
        existing.Updating = true;
        await sim.Delay(latency);
        existing.Updating = false;
        existing.SecurityServiceId = newSecurityServiceId;
    }

    public async Task UpdateShareServerNetworkAllocationsAsync(DriverServer server, IReadOnlyList<DriverShare> shares, string newSubnetId)
    {
        const string method = "update_share_server_network_allocations";
        await using var call = await Enter(method, server.ServerId);
        if (!Capabilities.NetworkAllocationUpdateSupport)
            throw new ShareBackendException($"{Host}: {method}: this backend cannot add network allocations to live share servers");
        var existing = RequireLiveServer(server.ServerId, shares, method);
        if (existing.SubnetId == newSubnetId || existing.ExtraSubnetIds.Contains(newSubnetId))
            throw new ShareBackendException($"{Host}: {method}: share server {server.ServerId} already has allocations on {newSubnetId}");
        existing.Updating = true;
        await sim.Delay(latency);
        existing.Updating = false;
        existing.ExtraSubnetIds.Add(newSubnetId);
    }

    /// <summary>An update needs a set-up server that is not changing, and the shares the manager lists on it, none of
    /// them being deleted: a backend re-exports each share on the changed server.</summary>
    BackendServer RequireLiveServer(string serverId, IReadOnlyList<DriverShare> shares, string method)
    {
        if (!backend.Servers.TryGetValue(serverId, out var existing))
            throw new ShareResourceNotFoundException($"{Host}: {method}: share server {serverId} does not exist on the backend");
        if (existing.SettingUp) throw new ShareBackendException($"{Host}: {method}: share server {serverId} is still being set up");
        if (existing.TearingDown) throw new ShareBackendException($"{Host}: {method}: share server {serverId} is being torn down");
        if (existing.Updating) throw new ShareBackendException($"{Host}: {method}: share server {serverId} is already being updated");
        foreach (var share in shares)
        {
            var onBackend = RequireShare(share.InstanceId, method);
            if (onBackend.ServerId != serverId)
                throw new ShareBackendException($"{Host}: {method}: share {share.InstanceId} is not on share server {serverId}");
            if (onBackend.Deleting) throw new ShareBackendException($"{Host}: {method}: share {share.InstanceId} is being deleted");
        }
        return existing;
    }

    public async Task<string> CreateReplicaAsync(DriverShare replica, IReadOnlyList<DriverReplica> all)
    {
        await using var call = await Enter("create_replica", replica.InstanceId);
        RequireReplication("create_replica");
        if (backend.Shares.ContainsKey(replica.InstanceId))
            throw new ShareBackendException($"{Host}: replica {replica.InstanceId} already exists");
        if (!all.Any(r => r.ReplicaState == "active"))
            throw new ShareBackendException($"{Host}: create_replica {replica.InstanceId}: no active replica to copy from");
        CheckServer(replica, "create_replica");
        CheckCapacity(replica.SizeGb);
        await sim.Delay(latency);
        // A fresh copy may or may not have caught up by the time the call returns.
        var state = Pinned(DriverAnswers.CreateReplica) ?? (sim.NextBool("replica.initial_sync") ? "in_sync" : "out_of_sync");
        backend.Shares[replica.InstanceId] = new BackendShare(replica.InstanceId, replica.SizeGb)
            { ServerId = replica.ServerId, ShareId = replica.ShareId, ReplicaState = state };
        return state;
    }

    public async Task DeleteReplicaAsync(DriverShare replica)
    {
        await Delete("delete_replica", replica.InstanceId, async () =>
        {
            if (!backend.Shares.TryGetValue(replica.InstanceId, out var existing)) return false; // already gone: fine, as in drivers
            if (existing.Deleting) throw new AlreadyBeingDeletedException($"{Host}: replica {replica.InstanceId} is already being deleted");
            if (existing.ReplicaState == "active")
                throw new ShareBackendException($"{Host}: replica {replica.InstanceId} is the active replica on the backend");
            existing.Deleting = true;
            await sim.Delay(latency);
            backend.Shares.Remove(replica.InstanceId);
            // delete_replica gets the replica's snapshots and removes them with it.
            foreach (var id in backend.Snapshots.Values.Where(s => s.ShareInstanceId == replica.InstanceId).Select(s => s.SnapshotInstanceId).ToList())
                backend.Snapshots.Remove(id);
            return true;
        });
    }

    public async Task<IReadOnlyList<DriverReplica>> PromoteReplicaAsync(DriverShare replica, IReadOnlyList<DriverReplica> all)
    {
        await using var call = await Enter("promote_replica", replica.InstanceId);
        RequireReplication("promote_replica");
        var promoted = RequireShare(replica.InstanceId, "promote_replica");
        if (promoted.Deleting) throw new ShareBackendException($"{Host}: replica {replica.InstanceId} is being deleted");
        await sim.Delay(latency);
        var updated = new List<DriverReplica>(all.Count);
        foreach (var r in all)
        {
            string state;
            if (r.InstanceId == replica.InstanceId) state = "active";
            // The old active becomes a secondary; the backend may already report it in sync.
            else if (r.ReplicaState == "active") state = Pinned(DriverAnswers.PromoteReplica) ?? (sim.NextBool("replica.demoted_in_sync") ? "in_sync" : "out_of_sync");
            else state = r.ReplicaState ?? "out_of_sync";
            if (backend.Shares.TryGetValue(r.InstanceId, out var onBackend)) onBackend.ReplicaState = state;
            updated.Add(r with { ReplicaState = state });
        }
        return updated;
    }

    public async Task<string> UpdateReplicaStateAsync(DriverShare replica, DriverReplica active)
    {
        await using var call = await Enter("update_replica_state", replica.InstanceId);
        var existing = RequireShare(replica.InstanceId, "update_replica_state");
        if (existing.Deleting) throw new ShareBackendException($"{Host}: replica {replica.InstanceId} is being deleted");
        await sim.Delay(latency);
        // Replication catches up between polls, or falls behind again: out of sync is a normal answer.
        existing.ReplicaState = existing.ReplicaState == "active" ? "active"
            : Pinned(DriverAnswers.UpdateReplicaState) ?? (sim.NextBool("replica.poll_in_sync") ? "in_sync" : "out_of_sync");
        return existing.ReplicaState;
    }

    public async Task<string> UpdateReplicatedSnapshotAsync(DriverShare replica, DriverSnapshot snapshot, bool deleting)
    {
        await using var call = await Enter("update_replicated_snapshot", snapshot.SnapshotInstanceId, replica.InstanceId);
        if (!backend.Shares.ContainsKey(replica.InstanceId)) return "error";
        await sim.Delay(latency);
        // The replication cycle carries the snapshot (or its removal) to the secondary.
        if (deleting)
        {
            backend.Snapshots.Remove(snapshot.SnapshotInstanceId);
            return "deleted";
        }
        backend.Snapshots.TryAdd(snapshot.SnapshotInstanceId,
            new BackendSnapshot(snapshot.SnapshotInstanceId, snapshot.ShareInstanceId, snapshot.SizeGb));
        return "available";
    }

    public async Task CreateShareGroupAsync(string groupId, string? serverId)
    {
        await using var call = await Enter("create_share_group", groupId);
        if (backend.Groups.ContainsKey(groupId)) throw new ShareBackendException($"{Host}: share group {groupId} already exists");
        if (serverId is not null && !backend.Servers.ContainsKey(serverId))
            throw new ShareResourceNotFoundException($"{Host}: create_share_group: share server {serverId} does not exist on the backend");
        await sim.Delay(latency);
        backend.Groups[groupId] = serverId;
    }

    public async Task DeleteShareGroupAsync(string groupId)
    {
        await using var call = await Enter("delete_share_group", groupId);
        await sim.Delay(latency);
        backend.Groups.Remove(groupId);
    }

    void RequireReplication(string method)
    {
        if (Capabilities.ReplicationType is null)
            throw new ShareBackendException($"{Host}: {method}: this backend does not support replication");
    }
}
