// The composition root: builds a whole Manila from a topology inside one simulated iteration.
using Microsoft.Extensions.Logging;
using SimManila.Drivers;
using SimManila.Drivers.Fake;
using SimManila.Model;
using SimManila.Services.Api;
using SimManila.Services.Client;
using SimManila.Services.Coordination;
using SimManila.Services.History;
using SimManila.Services.Logging;
using SimManila.Services.Manager;
using SimManila.Services.Processes;
using SimManila.Services.Quota;
using SimManila.Services.Rpc;
using SimManila.Services.Scheduling;
using SimManila.Services.Storage;
using SimManila.Simulation;

namespace SimManila.Services;

public sealed class Deployment : IDisposable
{
    public const string SchedulerHost = "scheduler";

    public Simulator Sim { get; }
    public Topology Topology { get; }
    public ConcurrencyPolicy Policy => Topology.Policy;
    public bool IsGuarded => Topology.Policy == ConcurrencyPolicy.Guarded;
    public ServiceMachines Machines { get; }
    public Db Db { get; }
    public StatusTransitions Transitions { get; }
    /// <summary>Transitions and allowed API actions this deployment exercised (see ScenarioCoverage).</summary>
    public TransitionCoverage Coverage => Transitions.Coverage;
    public LockService Locks { get; }
    public RpcBus Rpc { get; }
    public IdGenerator Ids { get; } = new();
    /// <summary>Every fault site of this deployment; a scenario disarms it during set-up.</summary>
    public FaultSwitch Faults { get; }
    public QuotaService Quotas { get; }
    /// <summary>Which service processes are up; crashes and restarts.</summary>
    public ServiceProcesses Processes { get; }
    /// <summary>The running scheduler process (a new instance after each restart).</summary>
    public SchedulerService Scheduler { get; private set; }
    public IReadOnlyList<ApiWorker> ApiWorkers => apiWorkers;
    public IReadOnlyDictionary<string, ShareManager> Managers => managers;
    public IReadOnlyDictionary<string, FakeBackend> Backends { get; }
    /// <summary>Resources an admin force-deleted although the backend failed to remove them: Manila drops the row and
    /// logs, leaving the backend object for the operator on purpose, so it is not an orphan a race made.</summary>
    public HashSet<string> ForceDeleteLeftovers { get; } = new(StringComparer.Ordinal);

    /// <summary>Guarded: a driver call or cast made while holding a coordinator lock fails the iteration.</summary>
    public bool ChecksNoLockAcrossCalls { get; private set; }

    /// <summary>Periodic runs that raised; Manila logs them and runs the task again next interval.</summary>
    public List<string> PeriodicFailures { get; } = [];

    readonly SimLoggerProvider logs;
    readonly List<ApiWorker> apiWorkers;
    readonly Dictionary<string, ShareManager> managers = new(StringComparer.Ordinal);
    readonly Dictionary<string, FakeShareDriver> drivers = new(StringComparer.Ordinal);

    Deployment(Simulator sim, Topology topology)
    {
        topology.Validate();
        Sim = sim;
        Topology = topology;
        logs = new SimLoggerProvider(sim);
        Machines = ServiceMachines.For(topology.Policy);
        Db = new Db(sim, ManilaStore.Create(topology.Database));
        Transitions = new StatusTransitions(sim, Db, topology.Policy);
        Locks = new LockService(sim, topology.EffectiveCoordinator, topology.LockLeaseTtl);
        Faults = new FaultSwitch(sim);
        Processes = new ServiceProcesses(this);
        Rpc = new RpcBus(sim, Faults, topology.RpcDeliveryDelay, topology.RpcCallTimeout, Processes, redeliverUnfinished: IsGuarded)
        {
            BeforeEachCast = () => sim.Current?.Owner is { } sender && sender.StartsWith(ApiWorkerPrefix, StringComparison.Ordinal)
                ? Processes.MaybeCrash(CrashSites.Api, sender) : ValueTask.CompletedTask,
        };
        Quotas = new QuotaService(sim, Db, topology.Quotas, Ids);

        var backends = new Dictionary<string, FakeBackend>(StringComparer.Ordinal);
        foreach (var spec in topology.Backends)
        {
            var backend = new FakeBackend(spec.Host);
            backends[spec.Host] = backend;
            var host = spec.Host;
            var driver = new FakeShareDriver(sim, backend, spec.Capabilities, topology.DriverLatency, Faults, spec.Answers)
            {
                AfterEachCall = method => Processes.MaybeCrash(CrashSites.Driver(method), host),
            };
            drivers[host] = driver;
            ChecksNoLockAcrossCalls = NoLockAcrossCalls.Arm(this, driver);
            managers[host] = new ShareManager(this, driver, Logger(host));
        }
        Backends = backends;
        Scheduler = new SchedulerService(this, Logger(SchedulerHost));
        apiWorkers = Enumerable.Range(1, topology.ApiWorkers).Select(i => NewApiWorker($"{ApiWorkerPrefix}{i}")).ToList();
        StartPeriodicTasks(topology.EnabledPeriodicTasks);
    }

    public const string ApiWorkerPrefix = "api-";

    readonly Dictionary<string, Dictionary<string, ReplicaPoll>> replicaPollMarks = new(StringComparer.Ordinal);

    /// <summary>Guarded's replica poll marks of one host, kept with the database so they outlive the process.</summary>
    internal Dictionary<string, ReplicaPoll> ReplicaPollMarksOf(string host) =>
        replicaPollMarks.TryGetValue(host, out var marks) ? marks : replicaPollMarks[host] = new(StringComparer.Ordinal);

    ApiWorker NewApiWorker(string host) => new(this, host, Logger(host));

    /// <summary>
    /// A crashed process starts again as a fresh instance that knows only the database, and runs its start-up: the
    /// share manager's init_host (ShareManager.StartUp), nothing for the scheduler and the API workers, as in Manila.
    /// </summary>
    internal async Task Restart(string process)
    {
        if (process == SchedulerHost) Scheduler = new SchedulerService(this, Logger(SchedulerHost));
        else if (drivers.TryGetValue(process, out var driver))
        {
            var manager = new ShareManager(this, driver, Logger(process));
            managers[process] = manager;
            await manager.StartUp();
        }
        else
        {
            int index = apiWorkers.FindIndex(w => w.Host == process);
            if (index < 0) throw new InvalidOperationException($"no service process named '{process}'");
            apiWorkers[index] = NewApiWorker(process);
        }
    }

    /// <summary>One timer per named task per share-manager host, first tick one interval after now.</summary>
    public void StartPeriodicTasks(IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0) return;
        foreach (var name in wanted)
            if (!PeriodicTaskNames.All.Contains(name))
                throw new ArgumentException($"unknown periodic task '{name}'; known: {string.Join(", ", PeriodicTaskNames.All)}");
        Sim.Horizon ??= Sim.Now + Topology.PeriodicHorizon; // timers need an end, or the iteration ends at the step limit
        foreach (var name in PeriodicTaskNames.All)
        {
            if (!wanted.Contains(name)) continue;
            var interval = PeriodicTaskNames.DefaultInterval(name);
            foreach (var host in Managers.Keys.ToList())
                Sim.StartTimer($"{host}.{name}", interval, interval, () => RunPeriodicOn(host, name));
        }
    }

    /// <summary>A periodic tick is work of the manager process running then; while it is down, nothing runs.</summary>
    Task RunPeriodicOn(string host, string name)
    {
        if (!Processes.IsUp(host)) return Task.CompletedTask;
        Sim.Current!.Owner = host;
        return Manager(host).RunPeriodic(name);
    }

    /// <summary>Builds the deployment; its database is dropped when the iteration ends.</summary>
    public static Deployment Create(Simulator sim, Topology topology)
    {
        var deployment = new Deployment(sim, topology);
        sim.OnFinished(deployment.Dispose);
        ResourceDomains.Declare(sim);
        return deployment;
    }

    public ILogger Logger(string host) => logs.CreateLogger(host);

    /// <summary>This deployment runs Manila as it was before <paramref name="fix"/> (Legacy with the fix switched off).</summary>
    public bool Lacks(Fix fix) => Topology.Lacks(fix);

    public ShareManager Manager(string host) =>
        Managers.TryGetValue(host, out var manager)
            ? manager
            : throw new InvalidOperationException($"no share manager runs on host '{host}'");

    /// <summary>A REST user of one project; requests go round-robin over the API workers unless pinned.</summary>
    public ManilaClient Client(string projectId = "demo") => new(this, projectId);

    public void Dispose() => Db.Store.Dispose();
}
