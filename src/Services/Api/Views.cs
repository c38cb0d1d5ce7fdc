// Resources as the API shows them: immutable snapshots of the rows at the moment of the answer.
namespace SimManila.Services.Api;

public sealed record ShareView(string Id, string Status, int Size, string Protocol, string? Host, string? SnapshotId,
    string AccessRulesStatus);

public sealed record SnapshotView(string Id, string ShareId, string Status, int Size);

public sealed record AccessRuleView(string Id, string ShareId, string AccessType, string AccessTo, string AccessLevel,
    string State);

/// <summary>An answer with no body (deletes).</summary>
public sealed record NoContent
{
    public static readonly NoContent Value = new();
}

public sealed record ShareNetworkView(string Id, string Status, IReadOnlyList<string> SubnetIds, string? SecurityServiceId = null);

public sealed record ShareNetworkSubnetView(string Id, string ShareNetworkId, string? AvailabilityZone);

public sealed record ShareServerView(string Id, string Host, string Status, string? ShareNetworkSubnetId, bool IsAutoDeletable);

public sealed record ShareGroupView(string Id, string Status, string? Host, string? ShareNetworkId, string? ShareServerId);

public sealed record ReplicaView(string Id, string ShareId, string Status, string? ReplicaState, string? Host);

public sealed record ShareInstanceView(string Id, string ShareId, string Status, string? Host, string? ShareServerId, string? ReplicaState);
