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

        // Reads: a read racing a delete answers 404 or a consistent view, never an internal error.
        new("getShare", "GET /shares/{share}", [new("share", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.GetShare(a.String("share"), w))),
        new("listShares", "GET /shares", [],
            async (c, a, w) => Outcome(await c.ListShares(w))),
        new("findShareInstance", "GET /shares/{share}/instances: binds the share's first instance (admin)", [new("share", ArgKind.Reference)],
            async (c, a, w) =>
            {
                var listed = await c.ListShareInstances(a.String("share"), w);
                var first = listed.Resource?.FirstOrDefault();
                return first is null
                    ? new CallOutcome(listed.IsSuccess ? ApiStatus.NotFound : listed.Status, null, listed.Message ?? "the share has no instance")
                    : new CallOutcome(listed.Status, first.Id, null);
            }) { Creates = "instance" },
        new("getShareInstance", "GET /share_instances/{instance} (admin)", [new("instance", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.GetShareInstance(a.String("instance"), w))),
        new("listShareInstances", "GET /shares/{share}/instances (admin)", [new("share", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.ListShareInstances(a.String("share"), w))),
        new("getSnapshot", "GET /snapshots/{snapshot}", [new("snapshot", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.GetSnapshot(a.String("snapshot"), w))),
        new("listSnapshots", "GET /snapshots?share_id={share}", [new("share", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.ListSnapshots(a.String("share"), w))),
        new("getReplica", "GET /share-replicas/{replica}", [new("replica", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.GetReplica(a.String("replica"), w))),
        new("listReplicas", "GET /share-replicas?share_id={share}", [new("share", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.ListReplicas(a.String("share"), w))),
        new("listAccess", "GET /shares/{share}/access", [new("share", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.ListAccess(a.String("share"), w))),
        new("getShareNetwork", "GET /share-networks/{network}", [new("network", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.GetShareNetwork(a.String("network"), w))),
        new("listShareNetworks", "GET /share-networks", [],
            async (c, a, w) => Outcome(await c.ListShareNetworks(w))),
        new("findSubnet", "GET /share-networks/{network}: binds its subnet of availabilityZone (the default subnet when omitted)",
            [new("network", ArgKind.Reference), new("availabilityZone", ArgKind.String, false)],
            async (c, a, w) =>
            {
                var network = await c.GetShareNetwork(a.String("network"), w);
                if (!network.IsSuccess) return new CallOutcome(network.Status, null, network.Message);
                string? zone = a.OptionalString("availabilityZone");
                foreach (var subnetId in network.Resource!.SubnetIds)
                    if ((await c.GetSubnet(network.Resource.Id, subnetId, w)).Resource is { } subnet && subnet.AvailabilityZone == zone)
                        return new CallOutcome(ApiStatus.Ok, subnet.Id, null);
                return new CallOutcome(ApiStatus.NotFound, null, $"share network {network.Resource.Id} has no subnet for {zone ?? "the default zone"}");
            }) { Creates = "subnet" },
        new("getSubnet", "GET /share-networks/{network}/subnets/{subnet}", [new("network", ArgKind.Reference), new("subnet", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.GetSubnet(a.String("network"), a.String("subnet"), w))),
        new("getShareServer", "GET /share-servers/{server} (admin)", [new("server", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.GetShareServer(a.String("server"), w))),
        new("listShareServers", "GET /share-servers (admin)", [],
            async (c, a, w) => Outcome(await c.ListShareServers(w))),
        new("getShareGroup", "GET /share-groups/{group}", [new("group", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.GetShareGroup(a.String("group"), w))),
        new("listShareGroups", "GET /share-groups", [],
            async (c, a, w) => Outcome(await c.ListShareGroups(w))),

        // Admin actions and the remaining deletes.
        new("deleteSubnet", "DELETE /share-networks/{network}/subnets/{subnet}", [new("network", ArgKind.Reference), new("subnet", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.DeleteSubnet(a.String("network"), a.String("subnet"), w))),
        new("resetShareStatus", "reset_status of a share (admin)", [new("share", ArgKind.Reference), new("status", ArgKind.String)],
            async (c, a, w) => Outcome(await c.ResetShareStatus(a.String("share"), a.String("status"), w))),
        new("resetShareInstanceStatus", "reset_status of a share instance (admin)", [new("instance", ArgKind.Reference), new("status", ArgKind.String)],
            async (c, a, w) => Outcome(await c.ResetShareInstanceStatus(a.String("instance"), a.String("status"), w))),
        new("resetSnapshotStatus", "reset_status of a snapshot (admin)", [new("snapshot", ArgKind.Reference), new("status", ArgKind.String)],
            async (c, a, w) => Outcome(await c.ResetSnapshotStatus(a.String("snapshot"), a.String("status"), w))),
        new("resetReplicaStatus", "reset_status of a replica (admin)", [new("replica", ArgKind.Reference), new("status", ArgKind.String)],
            async (c, a, w) => Outcome(await c.ResetReplicaStatus(a.String("replica"), a.String("status"), w))),
        new("resetReplicaState", "reset_replica_state of a replica (admin)", [new("replica", ArgKind.Reference), new("state", ArgKind.String)],
            async (c, a, w) => Outcome(await c.ResetReplicaState(a.String("replica"), a.String("state"), w))),
        new("resetShareServerStatus", "reset_status of a share server (admin)", [new("server", ArgKind.Reference), new("status", ArgKind.String)],
            async (c, a, w) => Outcome(await c.ResetShareServerStatus(a.String("server"), a.String("status"), w))),
        new("resetShareNetworkStatus", "reset_status of a share network (admin, 2.63)", [new("network", ArgKind.Reference), new("status", ArgKind.String)],
            async (c, a, w) => Outcome(await c.ResetShareNetworkStatus(a.String("network"), a.String("status"), w))),
        new("resetShareGroupStatus", "reset_status of a share group (admin)", [new("group", ArgKind.Reference), new("status", ArgKind.String)],
            async (c, a, w) => Outcome(await c.ResetShareGroupStatus(a.String("group"), a.String("status"), w))),
        new("forceDeleteShareInstance", "force_delete of a share instance (admin)", [new("instance", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.ForceDeleteShareInstance(a.String("instance"), w))),
        new("forceDeleteShareGroup", "force_delete of a share group (admin)", [new("group", ArgKind.Reference)],
            async (c, a, w) => Outcome(await c.ForceDeleteShareGroup(a.String("group"), w))),
    ];

    public static IReadOnlyDictionary<string, CallSpec> Known { get; } =
        specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
}
