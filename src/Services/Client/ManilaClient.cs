// A REST user of one project. Requests go round-robin over the API workers, or to the worker a test pins them to
// (1-based, as the workers are named api-1, api-2, ...). A request runs inside the calling operation.
using SimManila.Services.Api;

namespace SimManila.Services.Client;

public sealed class ManilaClient(Deployment d, string projectId)
{
    int nextWorker;

    public string ProjectId { get; } = projectId;

    /// <summary>The worker a request goes to: the pinned one, else the next live one round-robin; null when that worker
    /// (or every worker) is down.</summary>
    ApiWorker? Worker(int? pinned)
    {
        if (pinned is int n)
        {
            if (n < 1 || n > d.ApiWorkers.Count)
                throw new ArgumentOutOfRangeException(nameof(pinned), n, $"API worker must be 1..{d.ApiWorkers.Count}");
            var worker = d.ApiWorkers[n - 1];
            return d.Processes.IsUp(worker.Host) ? worker : null;
        }
        for (int tries = 0; tries < d.ApiWorkers.Count; tries++)
        {
            var worker = d.ApiWorkers[nextWorker++ % d.ApiWorkers.Count];
            if (d.Processes.IsUp(worker.Host)) return worker;
        }
        return null;
    }

    /// <summary>Runs a request in the worker: while it runs, the calling operation works for that process, so the
    /// worker's crash ends it (the client sees its connection drop). A worker that is down answers 503.</summary>
    async Task<ApiResponse<T>> Serve<T>(int? pinned, Func<ApiWorker, Task<ApiResponse<T>>> request) where T : class
    {
        var worker = Worker(pinned);
        if (worker is null) return new ApiResponse<T>(ApiStatus.ServiceUnavailable, "no API worker is up to take the request", null);
        var operation = d.Sim.Current;
        var client = operation?.Owner;
        if (operation is not null) operation.Owner = worker.Host;
        var response = await request(worker);
        if (operation is not null) operation.Owner = client;
        return response;
    }

    public Task<ApiResponse<ShareView>> CreateShare(CreateShareRequest request, int? worker = null) =>
        Serve(worker, w => w.CreateShare(ProjectId, request));

    public Task<ApiResponse<ShareView>> CreateShare(int size, string protocol = "NFS", int? worker = null) =>
        CreateShare(new CreateShareRequest(size, protocol), worker);

    public Task<ApiResponse<ShareView>> GetShare(string shareId, int? worker = null) => Serve(worker, w => w.GetShare(shareId));

    public Task<ApiResponse<NoContent>> DeleteShare(string shareId, bool force = false, int? worker = null) =>
        Serve(worker, w => w.DeleteShare(shareId, force));

    public Task<ApiResponse<ShareView>> ExtendShare(string shareId, int newSize, int? worker = null) =>
        Serve(worker, w => w.ExtendShare(ProjectId, shareId, newSize));

    public Task<ApiResponse<ShareView>> ShrinkShare(string shareId, int newSize, int? worker = null) =>
        Serve(worker, w => w.ShrinkShare(ProjectId, shareId, newSize));

    public Task<ApiResponse<ShareView>> RevertShare(string shareId, string snapshotId, int? worker = null) =>
        Serve(worker, w => w.RevertShare(shareId, snapshotId));

    public Task<ApiResponse<SnapshotView>> CreateSnapshot(string shareId, bool force = false, int? worker = null) =>
        Serve(worker, w => w.CreateSnapshot(ProjectId, shareId, force));

    public Task<ApiResponse<SnapshotView>> GetSnapshot(string snapshotId, int? worker = null) => Serve(worker, w => w.GetSnapshot(snapshotId));

    public Task<ApiResponse<NoContent>> DeleteSnapshot(string snapshotId, bool force = false, int? worker = null) =>
        Serve(worker, w => w.DeleteSnapshot(snapshotId, force));

    public Task<ApiResponse<AccessRuleView>> AllowAccess(string shareId, string accessType, string accessTo,
        string accessLevel = "rw", int? worker = null) =>
        Serve(worker, w => w.AllowAccess(shareId, accessType, accessTo, accessLevel));

    public Task<ApiResponse<NoContent>> DenyAccess(string shareId, string accessId, int? worker = null) =>
        Serve(worker, w => w.DenyAccess(shareId, accessId));

    public Task<ApiResponse<IReadOnlyList<AccessRuleView>>> ListAccess(string shareId, int? worker = null) =>
        Serve(worker, w => w.ListAccess(shareId));

    public Task<ApiResponse<ShareNetworkView>> CreateShareNetwork(string? availabilityZone = null, int? worker = null) =>
        Serve(worker, w => w.CreateShareNetwork(ProjectId, availabilityZone));

    public Task<ApiResponse<ShareNetworkView>> GetShareNetwork(string networkId, int? worker = null) =>
        Serve(worker, w => w.GetShareNetwork(networkId));

    public Task<ApiResponse<NoContent>> DeleteShareNetwork(string networkId, int? worker = null) =>
        Serve(worker, w => w.DeleteShareNetwork(networkId));

    public Task<ApiResponse<ShareNetworkView>> UpdateShareNetworkSecurityService(string networkId, string newSecurityServiceId,
        string? currentSecurityServiceId = null, int? worker = null) =>
        Serve(worker, w => w.UpdateShareNetworkSecurityService(networkId, newSecurityServiceId, currentSecurityServiceId));

    public Task<ApiResponse<ShareNetworkSubnetView>> CreateSubnet(string networkId, string? availabilityZone, int? worker = null) =>
        Serve(worker, w => w.CreateSubnet(networkId, availabilityZone));

    public Task<ApiResponse<NoContent>> DeleteSubnet(string networkId, string subnetId, int? worker = null) =>
        Serve(worker, w => w.DeleteSubnet(networkId, subnetId));

    public Task<ApiResponse<ShareServerView>> GetShareServer(string serverId, int? worker = null) =>
        Serve(worker, w => w.GetShareServer(serverId));

    public Task<ApiResponse<IReadOnlyList<ShareServerView>>> ListShareServers(int? worker = null) =>
        Serve(worker, w => w.ListShareServers());

    public Task<ApiResponse<NoContent>> DeleteShareServer(string serverId, int? worker = null) =>
        Serve(worker, w => w.DeleteShareServer(serverId));

    public Task<ApiResponse<ReplicaView>> CreateReplica(string shareId, string? availabilityZone = null, int? worker = null) =>
        Serve(worker, w => w.CreateReplica(shareId, availabilityZone));

    public Task<ApiResponse<ReplicaView>> GetReplica(string replicaId, int? worker = null) => Serve(worker, w => w.GetReplica(replicaId));

    public Task<ApiResponse<IReadOnlyList<ReplicaView>>> ListReplicas(string shareId, int? worker = null) =>
        Serve(worker, w => w.ListReplicas(shareId));

    public Task<ApiResponse<NoContent>> DeleteReplica(string replicaId, bool force = false, int? worker = null) =>
        Serve(worker, w => w.DeleteReplica(replicaId, force));

    public Task<ApiResponse<ReplicaView>> PromoteReplica(string replicaId, bool admin = false, int? worker = null) =>
        Serve(worker, w => w.PromoteReplica(replicaId, admin));

    public Task<ApiResponse<ReplicaView>> ResyncReplica(string replicaId, int? worker = null) => Serve(worker, w => w.ResyncReplica(replicaId));

    public Task<ApiResponse<ShareGroupView>> CreateShareGroup(string? shareNetworkId = null, int? worker = null) =>
        Serve(worker, w => w.CreateShareGroup(ProjectId, shareNetworkId));

    public Task<ApiResponse<ShareGroupView>> GetShareGroup(string groupId, int? worker = null) => Serve(worker, w => w.GetShareGroup(groupId));

    public Task<ApiResponse<NoContent>> DeleteShareGroup(string groupId, int? worker = null) => Serve(worker, w => w.DeleteShareGroup(groupId));

    // Reads.
    public Task<ApiResponse<IReadOnlyList<ShareView>>> ListShares(int? worker = null) => Serve(worker, w => w.ListShares(ProjectId));

    public Task<ApiResponse<ShareInstanceView>> GetShareInstance(string instanceId, int? worker = null) =>
        Serve(worker, w => w.GetShareInstance(instanceId));

    public Task<ApiResponse<IReadOnlyList<ShareInstanceView>>> ListShareInstances(string shareId, int? worker = null) =>
        Serve(worker, w => w.ListShareInstances(shareId));

    public Task<ApiResponse<IReadOnlyList<SnapshotView>>> ListSnapshots(string shareId, int? worker = null) =>
        Serve(worker, w => w.ListSnapshots(shareId));

    public Task<ApiResponse<IReadOnlyList<ShareNetworkView>>> ListShareNetworks(int? worker = null) =>
        Serve(worker, w => w.ListShareNetworks(ProjectId));

    public Task<ApiResponse<ShareNetworkSubnetView>> GetSubnet(string networkId, string subnetId, int? worker = null) =>
        Serve(worker, w => w.GetSubnet(networkId, subnetId));

    public Task<ApiResponse<IReadOnlyList<ShareGroupView>>> ListShareGroups(int? worker = null) => Serve(worker, w => w.ListShareGroups(ProjectId));

    // Admin actions.
    public Task<ApiResponse<NoContent>> ResetShareStatus(string shareId, string status, int? worker = null) =>
        Serve(worker, w => w.ResetShareStatus(shareId, status));

    public Task<ApiResponse<NoContent>> ResetShareInstanceStatus(string instanceId, string status, int? worker = null) =>
        Serve(worker, w => w.ResetShareInstanceStatus(instanceId, status));

    public Task<ApiResponse<NoContent>> ResetSnapshotStatus(string snapshotId, string status, int? worker = null) =>
        Serve(worker, w => w.ResetSnapshotStatus(snapshotId, status));

    public Task<ApiResponse<NoContent>> ResetReplicaStatus(string replicaId, string status, int? worker = null) =>
        Serve(worker, w => w.ResetReplicaStatus(replicaId, status));

    public Task<ApiResponse<NoContent>> ResetReplicaState(string replicaId, string state, int? worker = null) =>
        Serve(worker, w => w.ResetReplicaState(replicaId, state));

    public Task<ApiResponse<NoContent>> ResetShareServerStatus(string serverId, string status, int? worker = null) =>
        Serve(worker, w => w.ResetShareServerStatus(serverId, status));

    public Task<ApiResponse<NoContent>> ResetShareNetworkStatus(string networkId, string status, int? worker = null) =>
        Serve(worker, w => w.ResetShareNetworkStatus(networkId, status));

    public Task<ApiResponse<NoContent>> ResetShareGroupStatus(string groupId, string status, int? worker = null) =>
        Serve(worker, w => w.ResetShareGroupStatus(groupId, status));

    public Task<ApiResponse<NoContent>> ForceDeleteShareInstance(string instanceId, int? worker = null) =>
        Serve(worker, w => w.ForceDeleteShareInstance(instanceId));

    public Task<ApiResponse<NoContent>> ForceDeleteShareGroup(string groupId, int? worker = null) =>
        Serve(worker, w => w.ForceDeleteShareGroup(groupId));
}
