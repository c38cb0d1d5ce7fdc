// Random workloads: a topology, a set-up the service accepts, 2 to 8 concurrent calls drawn from every call the
// scenario format knows, the periodic tasks that apply and optional faults, as a Scenario that runs, shrinks and prints
// like a catalogue entry. Workload k of seed s depends on (s, k) alone, so any machine, core count or shard draws it.
using SimManila.Drivers;
using SimManila.Services;
using SimManila.Services.Processes;
using SimManila.Services.Rpc;
using SimManila.Simulation;

namespace SimManila.Scenarios.Fuzzing;

/// <summary>Whether workloads get faults: some (on), none (off), or every one (only).</summary>
public enum FaultMode { On, Off, Only }

public static class WorkloadGenerator
{
    public const int MinConcurrentCalls = 2;
    public const int MaxConcurrentCalls = 8;

    /// <summary>Salt that keeps workload seeds apart from the iteration seeds of the same run seed.</summary>
    const ulong WorkloadSalt = 0xF022_5EED_0001UL;

    /// <summary>
    /// The faults a workload may draw: every driver failure, late deliveries, and a share manager or the scheduler
    /// crashing during a driver call or as a cast reaches it. A lost cast is left out: it strands the work it carried
    /// under any policy (Manila has no redelivery), which is not a race. So is an API worker crashing between its
    /// writes and its cast (crash.api): no policy here keeps an outbox, so the claimed row waits for an admin under
    /// Guarded too, as Cinder's does without a manual workers cleanup.
    /// </summary>
    public static IReadOnlyList<string> FaultSites { get; } =
    [
        .. DriverFaultSites.All, RpcBus.DelayedSite,
        .. DriverFaultSites.Methods.Select(CrashSites.Driver), .. RpcMethods.All.Select(CrashSites.Rpc),
    ];

    /// <summary>A drawn site with its plan: crashes strike once or may strike; driver failures may also strike on a
    /// given call, always, or the call may be slow.</summary>
    static string WithPlan(string site, SimRandom random)
    {
        double x = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
        if (FaultSiteCatalog.IsCrash(site)) return x < 0.5 ? site + ":once" : site;
        bool driver = site.StartsWith("driver.", StringComparison.Ordinal);
        return x switch
        {
            < 0.6 => site,
            < 0.75 => site + ":once",
            < 0.85 => site + ":nth=2",
            < 0.92 when driver => site + ":always",
            < 0.92 => site,
            _ => driver || site == RpcBus.DelayedSite ? site + ":delay=5000" : site,
        };
    }

    /// <summary>Seed of workload <paramref name="index"/>: a function of the run seed and the index only.</summary>
    public static ulong WorkloadSeed(ulong runSeed, long index) => SimRandom.IterationSeed(runSeed ^ WorkloadSalt, index);

    public static string NameOf(ulong runSeed, long index) => $"fuzz-{runSeed}-{index}";

    public static Scenario Generate(ulong runSeed, long index, FaultMode faults = FaultMode.On) =>
        new Draw(new SimRandom(WorkloadSeed(runSeed, index)), faults).Scenario(NameOf(runSeed, index));

    /// <summary>Every call the generator can draw as a concurrent call (a test holds it equal to ScenarioCalls.Known).</summary>
    public static IReadOnlyCollection<string> Calls => [.. Draw.CallMakers.Keys];

    /// <summary>One workload's drawing: the world the set-up builds (which variables of which kind exist), then the race.</summary>
    sealed class Draw(SimRandom rng, FaultMode faultMode)
    {
        readonly SimRandom random = rng;
        readonly List<ScenarioCall> setup = [];
        readonly Dictionary<string, List<string>> variables = new(StringComparer.Ordinal);
        readonly Dictionary<string, int> shareSizes = new(StringComparer.Ordinal);
        readonly List<string> replicatedShares = [];
        readonly Dictionary<string, string> snapshotOf = new(StringComparer.Ordinal);
        readonly Dictionary<string, (string Share, string Address)> ruleOf = new(StringComparer.Ordinal);
        bool dhss;
        string? replicationType;
        int apiWorkers;
        int nextAddress = 1;
        int nextSecurityService = 1;

        public Scenario Scenario(string name)
        {
            apiWorkers = 1 + random.Next(3);
            int backendCount = 1 + random.Next(3);
            dhss = random.Chance(0.3);
            replicationType = random.Chance(0.35) ? Pick("readable", "writable", "dr") : null;
            bool deferred = random.Chance(0.25);
            var backends = Enumerable.Range(1, backendCount).Select(h => new ScenarioBackend
            {
                Host = $"host{h}",
                DriverHandlesShareServers = dhss,
                ReplicationType = replicationType,
                // host1 can always take a share whose type asks for revert support; the others may not.
                RevertToSnapshotSupport = h == 1 || random.Chance(0.5),
                ConcurrentSnapshotsSafe = !random.Chance(0.1),
                SecurityServiceUpdateSupport = !random.Chance(0.2),
                NetworkAllocationUpdateSupport = !random.Chance(0.2),
            }).ToList();

            BuildSetup();
            int count = MinConcurrentCalls + random.Next(MaxConcurrentCalls - MinConcurrentCalls + 1);
            var concurrent = new List<ScenarioCall>();
            var possible = CallMakers.Where(m => m.Value.Possible(this)).Select(m => m.Key).ToArray();
            for (int i = 0; i < count; i++)
            {
                var call = CallMakers[PickWeighted(possible)].Make(this);
                concurrent.Add(random.Chance(0.5) ? call with { Worker = 1 + random.Next(apiWorkers) } : call);
            }

            var periodic = new List<string>();
            if (replicationType is not null) periodic.AddRange([PeriodicTaskNames.ReplicaUpdate, PeriodicTaskNames.ReplicaSnapshotUpdate]);
            if (dhss) periodic.Add(PeriodicTaskNames.DeleteFreeShareServers);
            if (deferred) periodic.AddRange([PeriodicTaskNames.DeferredShareDeletion, PeriodicTaskNames.DeferredSnapshotDeletion]);
            if (concurrent.Any(c => c.Call == "createShare" && c.Args.ContainsKey("snapshot"))) periodic.Add(PeriodicTaskNames.ShareStatusUpdate);

            bool withFaults = faultMode switch { FaultMode.Only => true, FaultMode.Off => false, _ => random.Chance(0.5) };
            var faults = withFaults
                ? FaultSites.Where(_ => random.Chance(0.06)).DefaultIfEmpty(Pick(FaultSites)).Select(site => WithPlan(site, random)).ToList()
                : [];

            return new Scenario
            {
                Name = name,
                Description = $"Random workload: {string.Join(", ", concurrent.Select(c => c.Call))} at once"
                    + (faults.Count > 0 ? $"; faults {string.Join(", ", faults)}" : "") + ".",
                Reference = "simmanila fuzz",
                Topology = new ScenarioTopology
                {
                    ApiWorkers = apiWorkers,
                    Backends = backends,
                    DeferredDeletion = deferred,
                    Coordinator = random.Chance(0.15) ? "distributed" : null,
                },
                Setup = setup,
                Concurrent = concurrent,
                PeriodicTasks = periodic,
                Faults = faults,
                StartWithinMs = random.Chance(0.4) ? Pick(500, 2000, 10_000) : 0,
                // Unused servers are reclaimed every 600 s once idle for 10 minutes: give the cleanup two rounds.
                RunForSeconds = dhss ? 1800 : 600,
                Expect = new ScenarioExpectation(),
            };
        }

        void BuildSetup()
        {
            if (dhss) Bind("network", "net", Call("createShareNetwork"));
            if (random.Chance(0.25)) Bind("group", "group", dhss ? Call("createShareGroup", ("network", "$net")) : Call("createShareGroup"));
            int shares = random.Chance(0.35) ? 2 : 1;
            for (int s = 1; s <= shares; s++)
            {
                var share = $"share{s}";
                int size = 1 + random.Next(4);
                shareSizes[share] = size;
                bool replicated = replicationType is not null && random.Chance(0.8);
                // A share in a group cannot have replicas (api.py: create_share_replica).
                Bind("share", share, CreateShare(size, inGroup: !replicated && Has("group") && random.Chance(0.4), replicated));
                if (replicated)
                {
                    replicatedShares.Add(share);
                    if (random.Chance(0.6)) Bind("replica", $"replica{s}", Call("createReplica", ("share", "$" + share)));
                }
                if (random.Chance(0.5))
                {
                    Bind("snapshot", $"snap{s}", Call("createSnapshot", ("share", "$" + share)));
                    snapshotOf[$"snap{s}"] = share;
                }
                if (random.Chance(0.5))
                {
                    var address = $"10.0.{s}.0/24";
                    Bind("access", $"rule{s}", Call("allowAccess", ("share", "$" + share), ("accessType", "ip"), ("accessTo", address)));
                    ruleOf[$"rule{s}"] = (share, address);
                }
            }
            if (dhss && random.Chance(0.5)) Bind("server", "server", Call("findShareServer"));
            if (dhss && random.Chance(0.3)) Bind("subnet", "subnet", Call("createSubnet", ("network", "$net"), ("availabilityZone", "az1")));
            if (random.Chance(0.3)) Bind("instance", "instance", Call("findShareInstance", ("share", "$share1")));
            // Sometimes the last set-up call's background work is still running when the race starts.
            if (random.Chance(0.15)) setup[^1] = setup[^1] with { Settle = false };
        }

        ScenarioCall CreateShare(int size, bool inGroup, bool replicated, string? fromSnapshot = null)
        {
            var args = new List<(string Name, object Value)> { ("size", size) };
            if (random.Chance(0.7)) args.Add(("revertToSnapshotSupport", true));
            if (dhss) args.Add(("network", "$net"));
            if (inGroup) args.Add(("group", "$group"));
            if (replicated) args.Add(("replicationType", replicationType!));
            if (fromSnapshot is not null) args.Add(("snapshot", "$" + fromSnapshot));
            return Call("createShare", [.. args]);
        }

        /// <summary>A concurrent share create: in the group or replicated, never both.</summary>
        ScenarioCall NewShare()
        {
            bool inGroup = Has("group") && Maybe(0.4);
            return CreateShare(1 + random.Next(3), inGroup, replicated: !inGroup && replicationType is not null && Maybe(0.5));
        }

        void Bind(string kind, string variable, ScenarioCall call)
        {
            setup.Add(call with { As = variable });
            if (!variables.TryGetValue(kind, out var list)) variables[kind] = list = [];
            list.Add(variable);
        }

        bool Has(string kind) => variables.ContainsKey(kind);
        string Any(string kind) => "$" + Pick([.. variables[kind]]);
        string AnyShare(out int size)
        {
            var share = Pick([.. variables["share"]]);
            size = shareSizes[share];
            return "$" + share;
        }

        string NextAddress() => $"10.{nextAddress++}.0.0/16";

        ScenarioCall AllowAgain((string Share, string Address) rule) =>
            Call("allowAccess", ("share", "$" + rule.Share), ("accessType", "ip"), ("accessTo", rule.Address));

        T Pick<T>(params T[] items) => items[random.Next(items.Length)];

        /// <summary>A call by its maker's weight: reads and admin actions less often than the calls that change things,
        /// so most workloads still race writes against writes.</summary>
        string PickWeighted(string[] calls)
        {
            double total = calls.Sum(c => CallMakers[c].Weight);
            double x = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * total;
            foreach (var call in calls)
                if ((x -= CallMakers[call].Weight) < 0) return call;
            return calls[^1];
        }
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
        bool Maybe(double probability) => random.Chance(probability);

        static ScenarioCall Call(string call, params (string Name, object Value)[] args) => new()
        {
            Call = call, Args = args.ToDictionary(a => a.Name, a => (object?)a.Value, StringComparer.Ordinal),
        };

        /// <summary>How each call is drawn, and whether the set-up made it possible (its references exist).</summary>
        public sealed record CallMaker(Func<Draw, bool> Possible, Func<Draw, ScenarioCall> Make)
        {
            /// <summary>How often the call is drawn relative to others among those possible.</summary>
            public double Weight { get; init; } = 1;
        }

        const double ReadWeight = 0.25, AdminWeight = 0.4;

        static CallMaker Always(Func<Draw, ScenarioCall> make) => new(_ => true, make);
        static CallMaker Needs(string kind, Func<Draw, ScenarioCall> make) => new(d => d.Has(kind), make);
        static CallMaker Read(CallMaker maker) => maker with { Weight = ReadWeight };
        static CallMaker Admin(CallMaker maker) => maker with { Weight = AdminWeight };

        public static readonly IReadOnlyDictionary<string, CallMaker> CallMakers = new Dictionary<string, CallMaker>(StringComparer.Ordinal)
        {
            ["createShare"] = Always(d => d.Has("snapshot") && d.Maybe(0.3)
                ? d.CreateShare(4, inGroup: false, replicated: false, fromSnapshot: d.Pick([.. d.variables["snapshot"]]))
                : d.NewShare()),
            ["deleteShare"] = Always(d => d.Maybe(0.25)
                ? Call("deleteShare", ("share", d.Any("share")), ("force", true))
                : Call("deleteShare", ("share", d.Any("share")))),
            ["extendShare"] = Always(d => Call("extendShare", ("share", d.AnyShare(out int size)), ("newSize", size + 1 + d.random.Next(3)))),
            ["shrinkShare"] = new(d => d.shareSizes.Values.Any(s => s > 1), d =>
            {
                var share = d.Pick([.. d.shareSizes.Where(s => s.Value > 1).Select(s => s.Key)]);
                return Call("shrinkShare", ("share", "$" + share), ("newSize", d.shareSizes[share] - 1));
            }),
            ["revertShare"] = Needs("snapshot", d =>
            {
                var snapshot = d.Pick([.. d.variables["snapshot"]]);
                return Call("revertShare", ("share", "$" + d.snapshotOf[snapshot]), ("snapshot", "$" + snapshot));
            }),
            ["createSnapshot"] = Always(d => d.Maybe(0.1)
                ? Call("createSnapshot", ("share", d.Any("share")), ("force", true))
                : Call("createSnapshot", ("share", d.Any("share")))),
            ["deleteSnapshot"] = Needs("snapshot", d => d.Maybe(0.2)
                ? Call("deleteSnapshot", ("snapshot", d.Any("snapshot")), ("force", true))
                : Call("deleteSnapshot", ("snapshot", d.Any("snapshot")))),
            ["allowAccess"] = Always(d => d.Has("access") && d.Maybe(0.2)
                // The same client again: the duplicate check races the insert.
                ? d.AllowAgain(d.ruleOf[d.Pick([.. d.variables["access"]])])
                : d.Maybe(0.2)
                    ? Call("allowAccess", ("share", d.Any("share")), ("accessType", "user"), ("accessTo", $"user{d.nextAddress++}"), ("accessLevel", "ro"))
                    : Call("allowAccess", ("share", d.Any("share")), ("accessType", "ip"), ("accessTo", d.NextAddress()))),
            ["denyAccess"] = Needs("access", d =>
            {
                var rule = d.Pick([.. d.variables["access"]]);
                return Call("denyAccess", ("share", "$" + d.ruleOf[rule].Share), ("access", "$" + rule));
            }),
            ["createShareNetwork"] = Always(_ => Call("createShareNetwork")),
            ["updateSecurityService"] = Needs("network", d => Call("updateSecurityService", ("network", "$net"),
                ("newSecurityService", $"ss-{d.nextSecurityService++}"))),
            ["createSubnet"] = Needs("network", d => Call("createSubnet", ("network", "$net"), ("availabilityZone", d.Pick("az1", "az2")))),
            ["deleteShareNetwork"] = Needs("network", _ => Call("deleteShareNetwork", ("network", "$net"))),
            ["findShareServer"] = Needs("network", _ => Call("findShareServer")),
            ["deleteShareServer"] = Needs("server", _ => Call("deleteShareServer", ("server", "$server"))),
            ["createShareGroup"] = Always(d => d.dhss ? Call("createShareGroup", ("network", "$net")) : Call("createShareGroup")),
            ["deleteShareGroup"] = Needs("group", _ => Call("deleteShareGroup", ("group", "$group"))),
            ["createReplica"] = new(d => d.replicatedShares.Count > 0, d => Call("createReplica", ("share", "$" + d.Pick((IReadOnlyList<string>)d.replicatedShares)))),
            ["promoteReplica"] = Needs("replica", d => Call("promoteReplica", ("replica", d.Any("replica")), ("admin", d.Maybe(0.5)))),
            ["resyncReplica"] = Needs("replica", d => Call("resyncReplica", ("replica", d.Any("replica")))),
            ["deleteReplica"] = Needs("replica", d => d.Maybe(0.2)
                ? Call("deleteReplica", ("replica", d.Any("replica")), ("force", true))
                : Call("deleteReplica", ("replica", d.Any("replica")))),

            // Reads race whatever else runs: they must answer 404 or a consistent view.
            ["getShare"] = Read(Always(d => Call("getShare", ("share", d.Any("share"))))),
            ["listShares"] = Read(Always(_ => Call("listShares"))),
            ["findShareInstance"] = Read(Always(d => Call("findShareInstance", ("share", d.Any("share"))))),
            ["getShareInstance"] = Read(Needs("instance", _ => Call("getShareInstance", ("instance", "$instance")))),
            ["listShareInstances"] = Read(Always(d => Call("listShareInstances", ("share", d.Any("share"))))),
            ["getSnapshot"] = Read(Needs("snapshot", d => Call("getSnapshot", ("snapshot", d.Any("snapshot"))))),
            ["listSnapshots"] = Read(Always(d => Call("listSnapshots", ("share", d.Any("share"))))),
            ["getReplica"] = Read(Needs("replica", d => Call("getReplica", ("replica", d.Any("replica"))))),
            ["listReplicas"] = Read(Always(d => Call("listReplicas", ("share", d.Any("share"))))),
            ["listAccess"] = Read(Always(d => Call("listAccess", ("share", d.Any("share"))))),
            ["getShareNetwork"] = Read(Needs("network", _ => Call("getShareNetwork", ("network", "$net")))),
            ["listShareNetworks"] = Read(Always(_ => Call("listShareNetworks"))),
            ["findSubnet"] = Read(Needs("network", _ => Call("findSubnet", ("network", "$net")))),
            ["getSubnet"] = Read(Needs("subnet", _ => Call("getSubnet", ("network", "$net"), ("subnet", "$subnet")))),
            ["getShareServer"] = Read(Needs("server", _ => Call("getShareServer", ("server", "$server")))),
            ["listShareServers"] = Read(Always(_ => Call("listShareServers"))),
            ["getShareGroup"] = Read(Needs("group", _ => Call("getShareGroup", ("group", "$group")))),
            ["listShareGroups"] = Read(Always(_ => Call("listShareGroups"))),

            // Admin actions. Resets draw `error` only (and a replica's out_of_sync): a reset to `available` would assert
            // what nobody checked, which no policy can make true.
            ["deleteSubnet"] = Admin(Needs("subnet", _ => Call("deleteSubnet", ("network", "$net"), ("subnet", "$subnet")))),
            ["resetShareStatus"] = Admin(Always(d => Call("resetShareStatus", ("share", d.Any("share")), ("status", "error")))),
            ["resetShareInstanceStatus"] = Admin(Needs("instance", _ => Call("resetShareInstanceStatus", ("instance", "$instance"), ("status", "error")))),
            ["resetSnapshotStatus"] = Admin(Needs("snapshot", d => Call("resetSnapshotStatus", ("snapshot", d.Any("snapshot")), ("status", "error")))),
            ["resetReplicaStatus"] = Admin(Needs("replica", d => Call("resetReplicaStatus", ("replica", d.Any("replica")), ("status", "error")))),
            ["resetReplicaState"] = Admin(Needs("replica", d => Call("resetReplicaState", ("replica", d.Any("replica")), ("state", d.Pick("error", "out_of_sync"))))),
            ["resetShareServerStatus"] = Admin(Needs("server", _ => Call("resetShareServerStatus", ("server", "$server"), ("status", "error")))),
            ["resetShareNetworkStatus"] = Admin(Needs("network", _ => Call("resetShareNetworkStatus", ("network", "$net"), ("status", "error")))),
            ["resetShareGroupStatus"] = Admin(Needs("group", _ => Call("resetShareGroupStatus", ("group", "$group"), ("status", "error")))),
            ["forceDeleteShareInstance"] = Admin(Needs("instance", _ => Call("forceDeleteShareInstance", ("instance", "$instance")))),
            ["forceDeleteShareGroup"] = Admin(Needs("group", _ => Call("forceDeleteShareGroup", ("group", "$group")))),
        };
    }
}
