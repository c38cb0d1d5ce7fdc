// The catalogue: every resource's machine under each policy, defined on Stateless and compiled once, plus typed
// accessors for the service.
using SimManila.Model;

namespace SimManila.StateMachines;

public enum LifecycleResource
{
    Share,
    ShareInstance,
    Snapshot,
    SnapshotInstance,
    ReplicaStatus,
    ReplicaState,
    ShareServer,
    ShareNetwork,
    AccessMapping,
    AccessRulesStatus,
    ShareGroup,
    Backup,
}

public static class Lifecycles
{
    public static IReadOnlyList<LifecycleResource> Resources { get; } = Enum.GetValues<LifecycleResource>();
    public static IReadOnlyList<MachineVariant> Variants { get; } = Enum.GetValues<MachineVariant>();

    // Compiled by the type initialiser (thread-safe), never mutated afterwards.
    private static readonly Dictionary<(LifecycleResource, MachineVariant), StateMachine> machines =
        Resources.SelectMany(r => Variants.Select(v => (r, v))).ToDictionary(k => k, k => Define(k.r, k.v).Compile());

    /// <summary>The compiled machine (the one the service reads), shared.</summary>
    public static StateMachine Get(LifecycleResource resource, MachineVariant variant) => machines[(resource, variant)];

    public static Lifecycle<ShareInstanceStatus> ShareInstance(MachineVariant v) => Typed<ShareInstanceStatus>(LifecycleResource.ShareInstance, v);
    public static Lifecycle<ShareInstanceStatus> Share(MachineVariant v) => Typed<ShareInstanceStatus>(LifecycleResource.Share, v);
    public static Lifecycle<SnapshotInstanceStatus> SnapshotInstance(MachineVariant v) => Typed<SnapshotInstanceStatus>(LifecycleResource.SnapshotInstance, v);
    public static Lifecycle<ShareInstanceStatus> ReplicaStatus(MachineVariant v) => Typed<ShareInstanceStatus>(LifecycleResource.ReplicaStatus, v);
    public static Lifecycle<ReplicaState> ReplicaState(MachineVariant v) => Typed<ReplicaState>(LifecycleResource.ReplicaState, v);
    public static Lifecycle<ShareServerStatus> ShareServer(MachineVariant v) => Typed<ShareServerStatus>(LifecycleResource.ShareServer, v);
    public static Lifecycle<ShareNetworkStatus> ShareNetwork(MachineVariant v) => Typed<ShareNetworkStatus>(LifecycleResource.ShareNetwork, v);
    public static Lifecycle<AccessMappingState> AccessMapping(MachineVariant v) => Typed<AccessMappingState>(LifecycleResource.AccessMapping, v);
    public static Lifecycle<AccessRulesStatus> AccessRulesStatus(MachineVariant v) => Typed<AccessRulesStatus>(LifecycleResource.AccessRulesStatus, v);
    public static Lifecycle<ShareGroupStatus> ShareGroup(MachineVariant v) => Typed<ShareGroupStatus>(LifecycleResource.ShareGroup, v);
    public static Lifecycle<BackupStatus> Backup(MachineVariant v) => Typed<BackupStatus>(LifecycleResource.Backup, v);

    // Typed views are validated once and reused; the service asks for them on every status write.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(LifecycleResource, MachineVariant), object> typed = new();

    private static Lifecycle<TStatus> Typed<TStatus>(LifecycleResource resource, MachineVariant variant)
        where TStatus : ManilaStatus<TStatus> =>
        (Lifecycle<TStatus>)typed.GetOrAdd((resource, variant), key => new Lifecycle<TStatus>(Get(key.Item1, key.Item2)));

    /// <summary>A fresh definition (its own Stateless machine, free to probe), not the shared compiled one.</summary>
    public static LifecycleDefinition Define(LifecycleResource resource, MachineVariant variant) => resource switch
    {
        LifecycleResource.Share => ShareLifecycle.Define(variant),
        LifecycleResource.ShareInstance => ShareInstanceLifecycle.Define(variant),
        LifecycleResource.Snapshot => SnapshotLifecycle.Define(variant),
        LifecycleResource.SnapshotInstance => SnapshotInstanceLifecycle.Define(variant),
        LifecycleResource.ReplicaStatus => ReplicaStatusLifecycle.Define(variant),
        LifecycleResource.ReplicaState => ReplicaStateLifecycle.Define(variant),
        LifecycleResource.ShareServer => ShareServerLifecycle.Define(variant),
        LifecycleResource.ShareNetwork => ShareNetworkLifecycle.Define(variant),
        LifecycleResource.AccessMapping => AccessMappingLifecycle.Define(variant),
        LifecycleResource.AccessRulesStatus => AccessRulesStatusLifecycle.Define(variant),
        LifecycleResource.ShareGroup => ShareGroupLifecycle.Define(variant),
        LifecycleResource.Backup => BackupLifecycle.Define(variant),
        _ => throw new ArgumentOutOfRangeException(nameof(resource), resource, null),
    };
}
