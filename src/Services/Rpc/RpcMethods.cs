// Every cast SimManila's services send, by Manila's method name, and which kind of process receives it: what a
// crash.rpc.<method> fault site may name.
namespace SimManila.Services.Rpc;

public static class RpcMethods
{
    /// <summary>Casts to the scheduler.</summary>
    public static IReadOnlyList<string> ToScheduler { get; } = ["create_share_instance", "create_share_replica", "create_share_group"];

    /// <summary>Casts to a share manager.</summary>
    public static IReadOnlyList<string> ToManager { get; } =
    [
        "create_share_instance", "delete_share_instance", "extend_share", "shrink_share", "revert_to_snapshot",
        "create_snapshot", "delete_snapshot", "update_access", "delete_share_server", "create_share_group",
        "delete_share_group", "create_share_replica", "delete_share_replica", "promote_share_replica",
        "update_share_replica", "update_share_network_security_service", "update_share_server_network_allocations",
    ];

    public static IReadOnlyList<string> All { get; } = [.. ToScheduler.Union(ToManager).Order(StringComparer.Ordinal)];
}
