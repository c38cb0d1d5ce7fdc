// The driver answers a scenario may pin: calls whose result a real backend decides (how far replication got), which the
// fake otherwise leaves to the exploration as a choice. A pinned answer is the same in every schedule.
namespace SimManila.Drivers;

public static class DriverAnswers
{
    /// <summary>create_replica: the new replica's replica_state.</summary>
    public const string CreateReplica = "create_replica";
    /// <summary>promote_replica: the replica_state of the replica that was active.</summary>
    public const string PromoteReplica = "promote_replica";
    /// <summary>update_replica_state: a non-active replica's replica_state.</summary>
    public const string UpdateReplicaState = "update_replica_state";

    /// <summary>Each pinnable call and the answers it may be pinned to.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Allowed { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [CreateReplica] = ["in_sync", "out_of_sync"],
        [PromoteReplica] = ["in_sync", "out_of_sync"],
        [UpdateReplicaState] = ["in_sync", "out_of_sync", "error"],
    };
}
