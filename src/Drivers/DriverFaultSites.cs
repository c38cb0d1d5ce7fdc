// The fault sites a fake driver can fire, by name: one per driver method ("driver.<method>", fired as the call
// reaches the backend, before it has any effect) plus the failures that strike part-way through a call.
namespace SimManila.Drivers;

public static class DriverFaultSites
{
    /// <summary>Every driver method the fake backends implement, by Manila's name.</summary>
    public static IReadOnlyList<string> Methods { get; } =
    [
        "create_share", "create_share_from_snapshot", "get_share_status", "delete_share", "extend_share", "shrink_share",
        "create_snapshot", "delete_snapshot", "revert_to_snapshot", "update_access", "setup_server", "teardown_server",
        "update_share_server_security_service", "update_share_server_network_allocations", "create_replica",
        "delete_replica", "promote_replica", "update_replica_state", "update_replicated_snapshot", "create_share_group",
        "delete_share_group",
    ];

    /// <summary>setup_server fails after the vserver was half made (the driver cleans it up).</summary>
    public const string SetupServerNetwork = "driver.setup_server.network";

    public static string Of(string method) => "driver." + method;

    public static IReadOnlyList<string> All { get; } = [.. Methods.Select(Of), SetupServerNetwork];
}
