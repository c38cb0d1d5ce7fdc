// Lock names exactly as Manila takes them (fact sheet §2.2), so traces read like Manila's logs.
namespace SimManila.Services.Coordination;

public static class LockNames
{
    public static string ReplicaOperation(string shareId) => $"locked-share-replica-operation-for-share-{shareId}";
    public static string ShareManagerSubnet(string subnetId) => $"share_manager_{subnetId}";
    public static string ShareManagerNetwork(string shareNetworkId) => $"share_manager_{shareNetworkId}";
    public static string AccessRulesOfInstance(string instanceId) =>
        $"locked_access_rules_operation_by_share_instance_{instanceId}";
    public static string ShareNetworkOperation(string shareNetworkId) => $"locked-share-network-operation-{shareNetworkId}";

    // Guarded only: the multi-row test-and-sets Manila leaves unprotected get a lock per resource.
    public static string ShareStatus(string shareId) => $"guarded-share-status-{shareId}";
    public static string SnapshotStatus(string snapshotId) => $"guarded-snapshot-status-{snapshotId}";
    /// <summary>Guarded: allow_access's duplicate check and insert become one test-and-set under this lock.</summary>
    public static string AccessRulesOfShare(string shareId) => $"guarded-access-rules-of-share-{shareId}";
    /// <summary>Guarded: "group available, add a member" and "group has no members, delete it" exclude each other.</summary>
    public static string ShareGroupMembers(string groupId) => $"guarded-share-group-members-{groupId}";
}
