// What each driver method does to its resource, for the invariants that judge who may change what: a read, the
// resource's own delete, or a change.
namespace SimManila.Drivers;

public static class DriverMethodKinds
{
    /// <summary>Calls that only look: nothing on the backend changes.</summary>
    public static IReadOnlySet<string> Reads { get; } = new HashSet<string>(StringComparer.Ordinal) { "get_share_status" };

    /// <summary>The call that removes its resource (share, snapshot, replica, server, group) from the backend.</summary>
    public static IReadOnlySet<string> Deletes { get; } = new HashSet<string>(StringComparer.Ordinal)
        { "delete_share", "delete_snapshot", "delete_replica", "teardown_server", "delete_share_group" };

    public static bool Changes(string method) => !Reads.Contains(method);
}
