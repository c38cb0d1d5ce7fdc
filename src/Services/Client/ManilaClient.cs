// A REST user of one project. Requests go round-robin over the API workers, or to the worker a test pins them to
// (1-based, as the workers are named api-1, api-2, ...). A request runs inside the calling operation.
using SimManila.Services.Api;

namespace SimManila.Services.Client;

public sealed class ManilaClient(Deployment d, string projectId)
{
    int nextWorker;

    public string ProjectId { get; } = projectId;

    ApiWorker Worker(int? pinned)
    {
        if (pinned is int n)
        {
            if (n < 1 || n > d.ApiWorkers.Count)
                throw new ArgumentOutOfRangeException(nameof(pinned), n, $"API worker must be 1..{d.ApiWorkers.Count}");
            return d.ApiWorkers[n - 1];
        }
        return d.ApiWorkers[nextWorker++ % d.ApiWorkers.Count];
    }

    public Task<ApiResponse<ShareView>> CreateShare(CreateShareRequest request, int? worker = null) =>
        Worker(worker).CreateShare(ProjectId, request);

    public Task<ApiResponse<ShareView>> CreateShare(int size, string protocol = "NFS", int? worker = null) =>
        CreateShare(new CreateShareRequest(size, protocol), worker);

    public Task<ApiResponse<ShareView>> GetShare(string shareId, int? worker = null) => Worker(worker).GetShare(shareId);

    public Task<ApiResponse<NoContent>> DeleteShare(string shareId, bool force = false, int? worker = null) =>
        Worker(worker).DeleteShare(shareId, force);

    public Task<ApiResponse<ShareView>> ExtendShare(string shareId, int newSize, int? worker = null) =>
        Worker(worker).ExtendShare(ProjectId, shareId, newSize);

    public Task<ApiResponse<ShareView>> ShrinkShare(string shareId, int newSize, int? worker = null) =>
        Worker(worker).ShrinkShare(ProjectId, shareId, newSize);

    public Task<ApiResponse<ShareView>> RevertShare(string shareId, string snapshotId, int? worker = null) =>
        Worker(worker).RevertShare(shareId, snapshotId);

    public Task<ApiResponse<SnapshotView>> CreateSnapshot(string shareId, bool force = false, int? worker = null) =>
        Worker(worker).CreateSnapshot(ProjectId, shareId, force);

    public Task<ApiResponse<SnapshotView>> GetSnapshot(string snapshotId, int? worker = null) => Worker(worker).GetSnapshot(snapshotId);

    public Task<ApiResponse<NoContent>> DeleteSnapshot(string snapshotId, bool force = false, int? worker = null) =>
        Worker(worker).DeleteSnapshot(snapshotId, force);

    public Task<ApiResponse<AccessRuleView>> AllowAccess(string shareId, string accessType, string accessTo,
        string accessLevel = "rw", int? worker = null) =>
        Worker(worker).AllowAccess(shareId, accessType, accessTo, accessLevel);

    public Task<ApiResponse<NoContent>> DenyAccess(string shareId, string accessId, int? worker = null) =>
        Worker(worker).DenyAccess(shareId, accessId);

    public Task<ApiResponse<IReadOnlyList<AccessRuleView>>> ListAccess(string shareId, int? worker = null) =>
        Worker(worker).ListAccess(shareId);

    public Task<ApiResponse<ShareNetworkView>> CreateShareNetwork(string? availabilityZone = null, int? worker = null) =>
        Worker(worker).CreateShareNetwork(ProjectId, availabilityZone);

    public Task<ApiResponse<ShareNetworkView>> GetShareNetwork(string networkId, int? worker = null) =>
        Worker(worker).GetShareNetwork(networkId);

    public Task<ApiResponse<NoContent>> DeleteShareNetwork(string networkId, int? worker = null) =>
        Worker(worker).DeleteShareNetwork(networkId);

    public Task<ApiResponse<ShareNetworkView>> UpdateShareNetworkSecurityService(string networkId, string newSecurityServiceId,
        string? currentSecurityServiceId = null, int? worker = null) =>
        Worker(worker).UpdateShareNetworkSecurityService(networkId, newSecurityServiceId, currentSecurityServiceId);

    public Task<ApiResponse<ShareNetworkSubnetView>> CreateSubnet(string networkId, string? availabilityZone, int? worker = null) =>
        Worker(worker).CreateSubnet(networkId, availabilityZone);

    public Task<ApiResponse<NoContent>> DeleteSubnet(string networkId, string subnetId, int? worker = null) =>
        Worker(worker).DeleteSubnet(networkId, subnetId);

    public Task<ApiResponse<ShareServerView>> GetShareServer(string serverId, int? worker = null) =>
        Worker(worker).GetShareServer(serverId);

    public Task<ApiResponse<IReadOnlyList<ShareServerView>>> ListShareServers(int? worker = null) =>
        Worker(worker).ListShareServers();

    public Task<ApiResponse<NoContent>> DeleteShareServer(string serverId, int? worker = null) =>
        Worker(worker).DeleteShareServer(serverId);

    public Task<ApiResponse<ReplicaView>> CreateReplica(string shareId, string? availabilityZone = null, int? worker = null) =>
        Worker(worker).CreateReplica(shareId, availabilityZone);

    public Task<ApiResponse<ReplicaView>> GetReplica(string replicaId, int? worker = null) => Worker(worker).GetReplica(replicaId);

    public Task<ApiResponse<IReadOnlyList<ReplicaView>>> ListReplicas(string shareId, int? worker = null) =>
        Worker(worker).ListReplicas(shareId);

    public Task<ApiResponse<NoContent>> DeleteReplica(string replicaId, bool force = false, int? worker = null) =>
        Worker(worker).DeleteReplica(replicaId, force);

    public Task<ApiResponse<ReplicaView>> PromoteReplica(string replicaId, bool admin = false, int? worker = null) =>
        Worker(worker).PromoteReplica(replicaId, admin);

    public Task<ApiResponse<ReplicaView>> ResyncReplica(string replicaId, int? worker = null) => Worker(worker).ResyncReplica(replicaId);

    public Task<ApiResponse<ShareGroupView>> CreateShareGroup(string? shareNetworkId = null, int? worker = null) =>
        Worker(worker).CreateShareGroup(ProjectId, shareNetworkId);

    public Task<ApiResponse<ShareGroupView>> GetShareGroup(string groupId, int? worker = null) => Worker(worker).GetShareGroup(groupId);

    public Task<ApiResponse<NoContent>> DeleteShareGroup(string groupId, int? worker = null) => Worker(worker).DeleteShareGroup(groupId);
}
