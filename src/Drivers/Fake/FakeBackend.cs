// The storage a fake driver manages: what really exists on one backend host, readable by invariants.
namespace SimManila.Drivers.Fake;

public sealed class BackendShare(string instanceId, int sizeGb)
{
    public string InstanceId { get; } = instanceId;
    public int SizeGb { get; internal set; } = sizeGb;
    /// <summary>Data written into the share; a shrink below it would lose data. Tests may write more.</summary>
    public int UsedGb { get; set; } = 1;
    /// <summary>True while a delete is in progress on the backend (between the call and its completion).</summary>
    public bool Deleting { get; internal set; }
    /// <summary>Snapshots being taken right now, and those an unsafe backend silently lost to a concurrent one.</summary>
    public HashSet<string> SnapshotsInProgress { get; } = new(StringComparer.Ordinal);
    public HashSet<string> LostSnapshots { get; } = new(StringComparer.Ordinal);
    /// <summary>The share server it lives on (DHSS backends), null otherwise.</summary>
    public string? ServerId { get; internal set; }
    /// <summary>Replicated shares: the backend's own view of replica_state (lags the database, as real backends do).</summary>
    public string? ReplicaState { get; internal set; }
    public string? ShareId { get; internal set; }
    /// <summary>Rules actually applied on the export, by access id.</summary>
    public Dictionary<string, DriverAccessRule> AppliedRules { get; } = new(StringComparer.Ordinal);
}

public sealed class BackendSnapshot(string snapshotInstanceId, string shareInstanceId, int sizeGb)
{
    public string SnapshotInstanceId { get; } = snapshotInstanceId;
    public string ShareInstanceId { get; } = shareInstanceId;
    public int SizeGb { get; } = sizeGb;
    public bool Deleting { get; internal set; }
}

/// <summary>A share server (a vserver / service VM) set up on one subnet.</summary>
public sealed class BackendServer(string serverId, string subnetId)
{
    public string ServerId { get; } = serverId;
    public string SubnetId { get; } = subnetId;
    /// <summary>True while setup_server runs; shares cannot be placed on it yet.</summary>
    public bool SettingUp { get; internal set; } = true;
    /// <summary>True while teardown_server runs.</summary>
    public bool TearingDown { get; internal set; }
    /// <summary>The security service the server is joined to (e.g. its AD domain), if any.</summary>
    public string? SecurityServiceId { get; internal set; }
    /// <summary>Subnets added by network-allocation updates, beside the one it was set up on.</summary>
    public HashSet<string> ExtraSubnetIds { get; } = new(StringComparer.Ordinal);
    /// <summary>True while a security-service or allocation update runs on it.</summary>
    public bool Updating { get; internal set; }
}

/// <summary>One call that reached the backend: which method, on which resource, at which virtual time.</summary>
public sealed record BackendCall(string Host, string Method, string ResourceId, TimeSpan At)
{
    /// <summary>The share instance (or replica) a snapshot call works on, null for other calls.</summary>
    public string? ParentId { get; init; }
    /// <summary>The operation that made the call (an RPC handler "host1.delete_share_instance", a periodic tick ...).</summary>
    public string? Operation { get; init; }
    /// <summary>update_access only: the call removed rules and applied none (an instance's rules going with its delete).</summary>
    public bool RemovesOnly { get; init; }

    /// <summary>The call raised before it had any effect on the backend: an injected fault on arrival, or a delete
    /// whose checks refused it. Manila may retry such a call; it changed nothing.</summary>
    public bool NoEffect { get; init; }
}

public sealed class FakeBackend(string host)
{
    public string Host { get; } = host;
    public Dictionary<string, BackendShare> Shares { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, BackendSnapshot> Snapshots { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, BackendServer> Servers { get; } = new(StringComparer.Ordinal);
    /// <summary>Share groups on the backend, by id, with the server they live on (null without servers).</summary>
    public Dictionary<string, string?> Groups { get; } = new(StringComparer.Ordinal);
    public List<BackendCall> Calls { get; } = [];

    /// <summary>Which instances live on a server: what an invariant compares with share_instances.share_server_id.</summary>
    public IEnumerable<string> InstancesOn(string serverId) =>
        Shares.Values.Where(s => s.ServerId == serverId).Select(s => s.InstanceId);

    public int UsedCapacityGb => Shares.Values.Sum(s => s.SizeGb);

    public int CountCalls(string method, string resourceId)
    {
        int count = 0;
        foreach (var call in Calls)
            if (call.Method == method && call.ResourceId == resourceId) count++;
        return count;
    }
}
