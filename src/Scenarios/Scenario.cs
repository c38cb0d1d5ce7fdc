// A race scenario as data: a topology, setup calls, calls that run concurrently, periodic tasks and faults, how much
// virtual time passes, and what each policy is expected to show. Loaded from scenarios/*.json by ScenarioLoader.
namespace SimManila.Scenarios;

public sealed record Scenario
{
    /// <summary>Unique, kebab-case; also the trace's program name prefix.</summary>
    public required string Name { get; init; }
    public required string Description { get; init; }
    /// <summary>Launchpad bug, commit or spec the race comes from, e.g. "LP 1707377, commit 3c5963049".</summary>
    public required string Reference { get; init; }
    public ScenarioTopology Topology { get; init; } = new();
    /// <summary>Calls run one after another before the race, each given time to finish.</summary>
    public IReadOnlyList<ScenarioCall> Setup { get; init; } = [];
    /// <summary>Calls started together: each its own operation. At least two, or one plus a periodic task.</summary>
    public required IReadOnlyList<ScenarioCall> Concurrent { get; init; }
    /// <summary>Periodic task names started on every host after setup (see PeriodicTaskNames).</summary>
    public IReadOnlyList<string> PeriodicTasks { get; init; } = [];
    /// <summary>Fault sites and their plans, each "site[@host][:plan]": "driver.delete_share" may fire where the
    /// exploration decides; "driver.delete_snapshot:once", ":nth=2", ":always", ":delay=5000" follow a plan (see
    /// docs/writing-a-scenario.md); "crash.driver.create_share@host1:once" crashes host1's manager there.</summary>
    public IReadOnlyList<string> Faults { get; init; } = [];
    /// <summary>Each concurrent call starts after a delay the exploration picks from 0 to this many virtual
    /// milliseconds (in tenths), so races that need one call to land inside another's driver call are reachable.</summary>
    public int StartWithinMs { get; init; }
    /// <summary>Virtual seconds that pass after the concurrent calls start; then the system must be quiet.</summary>
    public int RunForSeconds { get; init; } = 600;
    public required ScenarioExpectation Expect { get; init; }
    /// <summary>Where it was loaded from, for messages; null when built in code.</summary>
    public string? SourceFile { get; init; }
}

public sealed record ScenarioTopology
{
    public int ApiWorkers { get; init; } = 2;
    public IReadOnlyList<ScenarioBackend> Backends { get; init; } = [new ScenarioBackend()];
    /// <summary>"distributed", "host-local", or null for the policy's own.</summary>
    public string? Coordinator { get; init; }
    public bool DeferredDeletion { get; init; }
    /// <summary>Legacy reproduces these fixed bugs' pre-fix behaviour (ids from Services.History.Fixes, e.g. "LP 1550295").</summary>
    public IReadOnlyList<string> ReproduceFixedBugs { get; init; } = [];
    /// <summary>Virtual seconds a crashed service process stays down before it starts again.</summary>
    public int RestartAfterSeconds { get; init; } = 30;
    /// <summary>Virtual milliseconds every driver call takes (0: the backend answers at once, so a driver call's
    /// neighbours interleave at the same instant).</summary>
    public int DriverLatencyMs { get; init; } = 1000;
}

public sealed record ScenarioBackend
{
    public string Host { get; init; } = "host1";
    public bool SnapshotSupport { get; init; } = true;
    public bool CreateShareFromSnapshotSupport { get; init; } = true;
    public bool RevertToSnapshotSupport { get; init; }
    public bool Ipv6Support { get; init; } = true;
    public bool DriverHandlesShareServers { get; init; }
    /// <summary>"readable", "writable", "dr" or null.</summary>
    public string? ReplicationType { get; init; }
    public IReadOnlyList<string> AccessTypes { get; init; } = ["ip", "user"];
    public int CapacityGb { get; init; } = 1000;
    /// <summary>False models a backend that mishandles two snapshots of one share taken at once (HNAS, LP 1550378).</summary>
    public bool ConcurrentSnapshotsSafe { get; init; } = true;
    /// <summary>Whether a security-service update of a network in use can reach this backend's servers.</summary>
    public bool SecurityServiceUpdateSupport { get; init; } = true;
    /// <summary>Whether this backend's servers can gain allocations on a subnet added to their zone.</summary>
    public bool NetworkAllocationUpdateSupport { get; init; } = true;
    /// <summary>Thin provisioning without a reported provisioned capacity: the scheduler estimates it on every request.</summary>
    public bool ThinProvisioning { get; init; }
    /// <summary>Driver answers pinned for every schedule (Drivers.DriverAnswers), e.g. update_replica_state: error.</summary>
    public IReadOnlyDictionary<string, string> Answers { get; init; } = NoAnswers;

    static readonly IReadOnlyDictionary<string, string> NoAnswers = new Dictionary<string, string>();
}

/// <summary>One API call. Arguments are strings, numbers or booleans; a string "$name" refers to the id a setup call
/// bound with "as".</summary>
public sealed record ScenarioCall
{
    /// <summary>An operation name from ScenarioCalls.Known, e.g. "createShare", "deleteShare".</summary>
    public required string Call { get; init; }
    public IReadOnlyDictionary<string, object?> Args { get; init; } = new Dictionary<string, object?>();
    /// <summary>Binds the created resource's id to a variable for later calls.</summary>
    public string? As { get; init; }
    /// <summary>Pins the request to API worker N (1-based).</summary>
    public int? Worker { get; init; }
    /// <summary>Set-up only: false starts the next call at once, so this call's background work (casts, driver
    /// calls) is still running when the concurrent calls begin.</summary>
    public bool Settle { get; init; } = true;
}

/// <summary>Per policy: the invariant(s) whose violation is expected, or none (clean).</summary>
public sealed record ScenarioExpectation
{
    /// <summary>Any one of these may be the violation found under Legacy; empty means Legacy must stay clean.</summary>
    public IReadOnlyList<string> Legacy { get; init; } = [];
    public IReadOnlyList<string> Guarded { get; init; } = [];

    public IReadOnlyList<string> For(SimManila.Services.ConcurrencyPolicy policy) =>
        policy == SimManila.Services.ConcurrencyPolicy.Guarded ? Guarded : Legacy;
}
