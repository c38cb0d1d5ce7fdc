// The lifecycles the service enforces, built once per variant and shared by every deployment in the process.
using SimManila.Model;
using SimManila.StateMachines;

namespace SimManila.Services.Storage;

public sealed class ServiceMachines
{
    public required Lifecycle<ShareInstanceStatus> ShareInstance { get; init; }
    public required Lifecycle<SnapshotInstanceStatus> SnapshotInstance { get; init; }
    public required Lifecycle<AccessMappingState> AccessMapping { get; init; }
    public required Lifecycle<AccessRulesStatus> AccessRulesStatus { get; init; }
    public required Lifecycle<ShareServerStatus> ShareServer { get; init; }
    public required Lifecycle<ShareNetworkStatus> ShareNetwork { get; init; }
    public required Lifecycle<ReplicaState> ReplicaState { get; init; }
    public required Lifecycle<ShareGroupStatus> ShareGroup { get; init; }

    /// <summary>The machines above as untyped StateMachines, in declaration order.</summary>
    public IReadOnlyList<StateMachine> All =>
        [ShareInstance.Machine, SnapshotInstance.Machine, AccessMapping.Machine, AccessRulesStatus.Machine,
         ShareServer.Machine, ShareNetwork.Machine, ReplicaState.Machine, ShareGroup.Machine];

    static readonly ServiceMachines legacy = Build(MachineVariant.Legacy);
    static readonly ServiceMachines guarded = Build(MachineVariant.Guarded);

    public static ServiceMachines For(ConcurrencyPolicy policy) => policy == ConcurrencyPolicy.Guarded ? guarded : legacy;

    static ServiceMachines Build(MachineVariant variant) => new()
    {
        ShareInstance = Lifecycles.ShareInstance(variant),
        SnapshotInstance = Lifecycles.SnapshotInstance(variant),
        AccessMapping = Lifecycles.AccessMapping(variant),
        AccessRulesStatus = Lifecycles.AccessRulesStatus(variant),
        ShareServer = Lifecycles.ShareServer(variant),
        ShareNetwork = Lifecycles.ShareNetwork(variant),
        ReplicaState = Lifecycles.ReplicaState(variant),
        ShareGroup = Lifecycles.ShareGroup(variant),
    };
}
