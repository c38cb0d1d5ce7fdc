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
