// A deployment's shape: API workers, backends with their capabilities, coordinator, policy, database and limits.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Coordination;
using SimManila.Services.History;

namespace SimManila.Services;

public sealed record BackendSpec(string Host, DriverCapabilities Capabilities)
{
    public BackendSpec(string host) : this(host, new DriverCapabilities()) { }

    /// <summary>Driver answers pinned for every schedule (Drivers.DriverAnswers: call to answer).</summary>
    public IReadOnlyDictionary<string, string> Answers { get; init; } = new Dictionary<string, string>();
}

/// <summary>Per-project limits (Manila's defaults: 50 shares, 1000 GB, 50 snapshots, 1000 snapshot GB, 100 share
/// replicas, 1000 replica GB).</summary>
public sealed record QuotaLimits
{
    public int Shares { get; init; } = 50;
    public int Gigabytes { get; init; } = 1000;
    public int Snapshots { get; init; } = 50;
    public int SnapshotGigabytes { get; init; } = 1000;
    public int ShareReplicas { get; init; } = 100;
    public int ReplicaGigabytes { get; init; } = 1000;
}

public sealed record Topology
{
    public int ApiWorkers { get; init; } = 2;
    public IReadOnlyList<BackendSpec> Backends { get; init; } = [new BackendSpec("host1")];
    public ConcurrencyPolicy Policy { get; init; } = ConcurrencyPolicy.Legacy;
    /// <summary>Null: the policy's own (Legacy: Manila's default host-local file locks; Guarded: distributed).</summary>
    public CoordinatorKind? Coordinator { get; init; }
    public DatabaseProvider Database { get; init; } = DatabaseProvider.InMemory;
    public QuotaLimits Quotas { get; init; } = new();
    public TimeSpan DriverLatency { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Zero by default: a cast's handler may start while its sender still runs, as on a real bus.</summary>
    public TimeSpan RpcDeliveryDelay { get; init; } = TimeSpan.Zero;
    public TimeSpan RpcCallTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>tooz lease; a holder that keeps a distributed lock longer loses it.</summary>
    public TimeSpan LockLeaseTtl { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a crashed service process stays down before it starts again (systemd's restart).</summary>
    public TimeSpan RestartAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Legacy only: behave as Manila did before these fixes (ids from History.Fixes, e.g. "LP 2068043"), so a
    /// scenario can reproduce races HEAD no longer has. Guarded has every fix and ignores them.</summary>
    public IReadOnlySet<string> ReproduceFixedBugs { get; init; } = new HashSet<string>();

    /// <summary>True when this deployment runs Manila as it was before <paramref name="fix"/>: Legacy with the fix
    /// switched off. Read at the one place where Manila's code before and after the fix differs.</summary>
    public bool Lacks(Fix fix) => Policy == ConcurrencyPolicy.Legacy && ReproduceFixedBugs.Contains(fix.Id);
    /// <summary>is_deferred_deletion_enabled: share and snapshot deletes go to deferred_deleting (retried periodically).</summary>
    public bool DeferredDeletion { get; init; }
    /// <summary>Periodic tasks started on every share-manager host (names in <see cref="PeriodicTaskNames"/>); none by
    /// default, so a deployment without them never has timers.</summary>
    public IReadOnlySet<string> EnabledPeriodicTasks { get; init; } = new HashSet<string>();
    /// <summary>Virtual time after which periodic timers stop, when the caller set no horizon of its own.</summary>
    public TimeSpan PeriodicHorizon { get; init; } = TimeSpan.FromHours(1);
    /// <summary>unused_share_server_cleanup_interval (default 10 min, allowed 10-720 min).</summary>
    public TimeSpan UnusedShareServerCleanupInterval { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>automatic_share_server_cleanup (default True).</summary>
    public bool AutomaticShareServerCleanup { get; init; } = true;

    public CoordinatorKind EffectiveCoordinator =>
        Coordinator ?? (Policy == ConcurrencyPolicy.Guarded ? CoordinatorKind.Distributed : CoordinatorKind.HostLocal);

    public void Validate()
    {
        if (ApiWorkers < 1) throw new ArgumentException($"Topology.ApiWorkers must be at least 1, got {ApiWorkers}");
        if (Backends.Count < 1) throw new ArgumentException("Topology.Backends must name at least one backend host");
        var duplicate = Backends.GroupBy(b => b.Host).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Topology.Backends names host '{duplicate.Key}' twice");
        foreach (var name in EnabledPeriodicTasks)
            if (!PeriodicTaskNames.All.Contains(name))
                throw new ArgumentException($"Topology.EnabledPeriodicTasks: unknown task '{name}' (known: {string.Join(", ", PeriodicTaskNames.All)})");
        if (UnusedShareServerCleanupInterval < TimeSpan.FromMinutes(10) || UnusedShareServerCleanupInterval > TimeSpan.FromMinutes(720))
            throw new ArgumentException("Topology.UnusedShareServerCleanupInterval must be 10-720 minutes, as Manila's option");
        if (Policy == ConcurrencyPolicy.Guarded && EffectiveCoordinator != CoordinatorKind.Distributed)
            throw new ArgumentException("Topology.Coordinator: the Guarded policy needs the distributed coordinator");
        if (RestartAfter <= TimeSpan.Zero) throw new ArgumentException($"Topology.RestartAfter must be positive, got {RestartAfter}");
        foreach (var backend in Backends)
            foreach (var (call, answer) in backend.Answers)
                if (!DriverAnswers.Allowed.TryGetValue(call, out var allowed) || !allowed.Contains(answer))
                    throw new ArgumentException($"Topology.Backends[{backend.Host}].Answers: '{call}' = '{answer}' is not a pinnable answer");
        foreach (var bug in ReproduceFixedBugs)
            if (!Fixes.Ids.Contains(bug))
                throw new ArgumentException($"Topology.ReproduceFixedBugs: '{bug}' is not one of {string.Join(", ", Fixes.Ids)}");
    }
}
