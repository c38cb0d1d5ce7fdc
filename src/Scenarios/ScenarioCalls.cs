// The API calls a scenario may make: each with its arguments (name, kind, required) and how it runs against a client.
// The loader validates files against these specs; the runner executes them.
using SimManila.Services.Api;
using SimManila.Services.Client;

namespace SimManila.Scenarios;

public enum ArgKind { String, Integer, Boolean, Reference }

/// <summary>One argument: a Reference is a "$variable" bound by an earlier call's "as". A Reference named after a kind
/// some call creates ("share", "snapshot", "access") must name a variable of that kind; the loader checks it.</summary>
public sealed record ArgSpec(string Name, ArgKind Kind, bool Required = true);

/// <summary>What a call returned: the API status, and the id it created (bound with "as").</summary>
public sealed record CallOutcome(ApiStatus Status, string? CreatedId, string? Message);

public sealed record CallSpec(string Name, string Description, IReadOnlyList<ArgSpec> Args,
    Func<ManilaClient, CallArgs, int?, Task<CallOutcome>> Run)
{
    /// <summary>The kind of resource whose id the call returns ("share", "snapshot", "access"), so "as" may bind it;
    /// null when it creates nothing (the loader rejects "as" on such a call: the runner would have no id to bind).</summary>
    public string? Creates { get; init; }
}

/// <summary>A call's arguments with references resolved.</summary>
public sealed class CallArgs(IReadOnlyDictionary<string, object?> values)
{
    public string String(string name) => (string)values[name]!;
    public int Int(string name) => Convert.ToInt32(values[name], System.Globalization.CultureInfo.InvariantCulture);
    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) && v is not null ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    public bool Bool(string name, bool fallback = false) => values.TryGetValue(name, out var v) && v is bool b ? b : fallback;
    public string? OptionalString(string name) => values.TryGetValue(name, out var v) ? v as string : null;
}

public static class ScenarioCalls
{
    static CallOutcome Outcome<T>(ApiResponse<T> response, Func<T, string>? id = null) where T : class =>
        new(response.Status, response.Resource is { } r && id is not null ? id(r) : null, response.Message);

    static readonly CallSpec[] specs =
    [
        new("createShare", "POST /shares", [
                new("size", ArgKind.Integer), new("protocol", ArgKind.String, false), new("snapshot", ArgKind.Reference, false),
                new("snapshotSupport", ArgKind.Boolean, false), new("revertToSnapshotSupport", ArgKind.Boolean, false),
                new("network", ArgKind.Reference, false), new("group", ArgKind.Reference, false),
                new("replicationType", ArgKind.String, false), new("availabilityZone", ArgKind.String, false)],
            async (c, a, w) => Outcome(await c.CreateShare(new CreateShareRequest(a.Int("size"), a.OptionalString("protocol") ?? "NFS", a.OptionalString("snapshot"))
            {
                SnapshotSupport = a.Bool("snapshotSupport", true),
                RevertToSnapshotSupport = a.Bool("revertToSnapshotSupport"),
                ShareNetworkId = a.OptionalString("network"),
                ShareGroupId = a.OptionalString("group"),
                ReplicationType = a.OptionalString("replicationType"),
                AvailabilityZone = a.OptionalString("availabilityZone"),
            }, w), s => s.Id)) { Creates = "share" },
        new("deleteShare", "DELETE /shares/{share}", [new("share", ArgKind.Reference), new("force", ArgKind.Boolean, false)],
            async (c, a, w) => Outcome(await c.DeleteShare(a.String("share"), a.Bool("force"), w))),
        new("extendShare", "extend a share to newSize", [new("share", ArgKind.Reference), new("newSize", ArgKind.Integer)],
            async (c, a, w) => Outcome(await c.ExtendShare(a.String("share"), a.Int("newSize"), w))),
        new("shrinkShare", "shrink a share to newSize", [new("share", ArgKind.Reference), new("newSize", ArgKind.Integer)],
            async (c, a, w) => Outcome(await c.ShrinkShare(a.String("share"), a.Int("newSize"), w))),
        new("revertShare", "revert a share to its latest snapshot", [new("share", ArgKind.Reference), new("snapshot", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.RevertShare(a.String("share"), a.String("snapshot"), w))),
        new("createSnapshot", "POST /snapshots", [new("share", ArgKind.Reference), new("force", ArgKind.Boolean, false)],
            async (c, a, w) => Outcome(await c.CreateSnapshot(a.String("share"), a.Bool("force"), w), s => s.Id)) { Creates = "snapshot" },
        new("deleteSnapshot", "DELETE /snapshots/{snapshot}", [new("snapshot", ArgKind.Reference), new("force", ArgKind.Boolean, false)],
            async (c, a, w) => Outcome(await c.DeleteSnapshot(a.String("snapshot"), a.Bool("force"), w))),
        new("allowAccess", "allow_access", [
                new("share", ArgKind.Reference), new("accessType", ArgKind.String), new("accessTo", ArgKind.String),
                new("accessLevel", ArgKind.String, false)],
            async (c, a, w) => Outcome(await c.AllowAccess(a.String("share"), a.String("accessType"), a.String("accessTo"),
                a.OptionalString("accessLevel") ?? "rw", w), r => r.Id)) { Creates = "access" },
        new("denyAccess", "deny_access", [new("share", ArgKind.Reference), new("access", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.DenyAccess(a.String("share"), a.String("access"), w))),
        new("createShareNetwork", "POST /share-networks (with a subnet in the availability zone)", [new("availabilityZone", ArgKind.String, false)],
            async (c, a, w) => Outcome(await c.CreateShareNetwork(a.OptionalString("availabilityZone"), w), n => n.Id)) { Creates = "network" },
        new("updateSecurityService", "share network update_security_service (add one when current is omitted)", [
                new("network", ArgKind.Reference), new("newSecurityService", ArgKind.String),
                new("currentSecurityService", ArgKind.String, false)],
            async (c, a, w) => Outcome(await c.UpdateShareNetworkSecurityService(a.String("network"), a.String("newSecurityService"),
                a.OptionalString("currentSecurityService"), w))),
        new("createSubnet", "POST /share-networks/{network}/subnets (a zone with servers: network allocation update)", [
                new("network", ArgKind.Reference), new("availabilityZone", ArgKind.String, false)],
            async (c, a, w) => Outcome(await c.CreateSubnet(a.String("network"), a.OptionalString("availabilityZone"), w), s => s.Id)) { Creates = "subnet" },
        new("deleteShareNetwork", "DELETE /share-networks/{network}", [new("network", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.DeleteShareNetwork(a.String("network"), w))),
        new("findShareServer", "GET /share-servers: binds the first server listed (admin)", [],
            async (c, a, w) =>
            {
                var listed = await c.ListShareServers(w);
                var first = listed.Resource?.FirstOrDefault();
                return first is null
                    ? new CallOutcome(ApiStatus.NotFound, null, "no share server exists")
                    : new CallOutcome(listed.Status, first.Id, null);
            }) { Creates = "server" },
        new("deleteShareServer", "DELETE /share-servers/{server} (admin)", [new("server", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.DeleteShareServer(a.String("server"), w))),
        new("createShareGroup", "POST /share-groups", [new("network", ArgKind.Reference, false)],
            async (c, a, w) => Outcome(await c.CreateShareGroup(a.OptionalString("network"), w), g => g.Id)) { Creates = "group" },
        new("deleteShareGroup", "DELETE /share-groups/{group}", [new("group", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.DeleteShareGroup(a.String("group"), w))),
        new("createReplica", "POST /share-replicas", [new("share", ArgKind.Reference), new("availabilityZone", ArgKind.String, false)],
            async (c, a, w) => Outcome(await c.CreateReplica(a.String("share"), a.OptionalString("availabilityZone"), w), r => r.Id)) { Creates = "replica" },
        new("promoteReplica", "promote a replica to active", [new("replica", ArgKind.Reference), new("admin", ArgKind.Boolean, false)],
            async (c, a, w) => Outcome(await c.PromoteReplica(a.String("replica"), a.Bool("admin"), w))),
        new("resyncReplica", "resync a replica", [new("replica", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.ResyncReplica(a.String("replica"), w))),
        new("deleteReplica", "DELETE /share-replicas/{replica}", [new("replica", ArgKind.Reference), new("force", ArgKind.Boolean, false)],
            async (c, a, w) => Outcome(await c.DeleteReplica(a.String("replica"), a.Bool("force"), w))),
    ];

    public static IReadOnlyDictionary<string, CallSpec> Known { get; } =
        specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
}
