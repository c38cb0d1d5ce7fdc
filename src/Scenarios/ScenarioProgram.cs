// Turns a scenario into a simulated program: a deployment from its topology, the set-up calls one after another
// (faults disarmed), then the concurrent calls as operations of their own with faults armed, periodic tasks until the
// horizon (and a recovery window after it once faults fired), and the invariant catalogue checked after every step and
// once quiet.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Scenarios.Invariants;
using SimManila.Services;
using SimManila.Services.Api;
using SimManila.Services.Coordination;
using SimManila.Simulation;

namespace SimManila.Scenarios;

public static class ScenarioProgram
{
    /// <summary>Virtual time each set-up call is given to finish before the next one starts.</summary>
    public static readonly TimeSpan SetupSettle = TimeSpan.FromMinutes(5);

    /// <summary>The bug-message prefix of a scenario whose set-up did not go as written (the file is wrong, not Manila).</summary>
    public const string SetupFailedTag = "[setup-failed]";

    /// <summary>Start offsets a concurrent call can take: 0, 1/10, ..., 10/10 of the scenario's StartWithinMs.</summary>
    const int StartSlots = 11;

    /// <summary>Trace program name: scenario and policy, so a trace names what it replays.</summary>
    public static string ProgramName(Scenario scenario, ConcurrencyPolicy policy) =>
        $"{scenario.Name}/{policy.ToString().ToLowerInvariant()}";

    public static Topology ToTopology(Scenario scenario, ConcurrencyPolicy policy, DatabaseProvider database) =>
        ToTopology(scenario.Topology, policy, database);

    public static Topology ToTopology(ScenarioTopology topology, ConcurrencyPolicy policy, DatabaseProvider database) => new()
    {
        ApiWorkers = topology.ApiWorkers,
        ReproduceFixedBugs = topology.ReproduceFixedBugs.ToHashSet(),
        DeferredDeletion = topology.DeferredDeletion,
        RestartAfter = TimeSpan.FromSeconds(topology.RestartAfterSeconds),
        DriverLatency = TimeSpan.FromMilliseconds(topology.DriverLatencyMs),
        Policy = policy,
        Database = database,
        Coordinator = topology.Coordinator switch
        {
            null => null,
            "distributed" => CoordinatorKind.Distributed,
            "host-local" => CoordinatorKind.HostLocal,
            var other => throw new ArgumentException($"coordinator '{other}' is not distributed or host-local"),
        },
        Backends = topology.Backends.Select(b => new BackendSpec(b.Host, new DriverCapabilities
        {
            SnapshotSupport = b.SnapshotSupport,
            CreateShareFromSnapshotSupport = b.CreateShareFromSnapshotSupport,
            RevertToSnapshotSupport = b.RevertToSnapshotSupport,
            Ipv6Support = b.Ipv6Support,
            DriverHandlesShareServers = b.DriverHandlesShareServers,
            ReplicationType = b.ReplicationType,
            AccessTypes = b.AccessTypes,
            TotalCapacityGb = b.CapacityGb,
            ConcurrentSnapshotsSafe = b.ConcurrentSnapshotsSafe,
            SecurityServiceUpdateSupport = b.SecurityServiceUpdateSupport,
            NetworkAllocationUpdateSupport = b.NetworkAllocationUpdateSupport,
            ThinProvisioning = b.ThinProvisioning,
        }) { Answers = b.Answers }).ToList(),
    };

    /// <summary>The run settings of a scenario under a policy: its program name, its fault sites, and the scenario itself
    /// as the description every trace carries (ScenarioTraces), so a trace replays without the file.</summary>
    public static SimSettings Settings(Scenario scenario, ConcurrencyPolicy policy, SimSettings baseline) => baseline with
    {
        ProgramName = ProgramName(scenario, policy),
        ProgramDescription = ScenarioTraces.Describe(scenario),
        Faults = baseline.Faults with { EnabledSites = scenario.Faults },
    };

    /// <summary>The operation a concurrent call runs as: "deleteShare#2", or "deleteShare#2@api-1" when pinned to a worker.</summary>
    public static string OperationName(ScenarioCall call, int index) => $"{call.Call}#{index + 1}" + (call.Worker is int w ? $"@api-{w}" : "");

    /// <param name="onDeployment">Sees each iteration's deployment once it is built (e.g. to collect its Coverage
    /// when the iteration ends, through sim.OnFinished).</param>
    /// <param name="answers">Tallies what each concurrent call answered, schedule by schedule.</param>
    public static Action<Simulator> Build(Scenario scenario, ConcurrencyPolicy policy,
        DatabaseProvider database = DatabaseProvider.InMemory, Action<Deployment>? onDeployment = null, CallAnswers? answers = null) => sim =>
    {
        var d = Deployment.Create(sim, ToTopology(scenario, policy, database));
        onDeployment?.Invoke(d);
        var context = InvariantWiring.Attach(sim, d);
        var client = d.Client();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var answered = answers is null ? null : new string?[scenario.Concurrent.Count];
        if (answered is not null) sim.OnFinished(() => answers!.Record(sim, answered));
        sim.Spawn("setup", async () =>
        {
            d.Faults.Armed = false;
            foreach (var call in scenario.Setup)
            {
                var outcome = await Run(call);
                if (!IsSuccess(outcome.Status))
                    sim.Assert(false, $"{SetupFailedTag} {call.Call} answered {(int)outcome.Status} {outcome.Message}");
                if (call.As is not null)
                    variables[call.As] = outcome.CreatedId ?? throw new InvalidOperationException($"{call.Call} created nothing to bind to '{call.As}'");
                if (call.Settle) await sim.Delay(SetupSettle);
            }
            d.Faults.Armed = true;
            sim.Horizon = sim.Now + TimeSpan.FromSeconds(scenario.RunForSeconds);
            RecoveryWindow.Arm(sim, d, scenario);
            d.StartPeriodicTasks(scenario.PeriodicTasks);
            for (int i = 0; i < scenario.Concurrent.Count; i++)
            {
                var call = scenario.Concurrent[i];
                var name = OperationName(call, i);
                int index = i;
                sim.Spawn(name, async () =>
                {
                    if (scenario.StartWithinMs > 0)
                    {
                        int tenth = sim.NextInt(0, StartSlots, "start offset");
                        if (tenth > 0) await sim.Delay(TimeSpan.FromMilliseconds(scenario.StartWithinMs * tenth / (StartSlots - 1.0)));
                    }
                    CallOutcome outcome;
                    try
                    {
                        outcome = await Run(call);
                    }
                    catch (Exception ex) when (ex is not SimulationStopException)
                    {
                        context.InternalErrors.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
                        if (answered is not null) answered[index] = CallAnswers.Threw;
                        return;
                    }
                    if (answered is not null) answered[index] = CallAnswers.Label(outcome.Status);
                    if (sim.IsLogging) sim.Log($"{name} answered {(int)outcome.Status} {outcome.Status}" + (outcome.Message is null ? "" : ": " + outcome.Message));
                    if (call.Call == "denyAccess" && outcome.Status == ApiStatus.Accepted)
                        context.AcceptedDenies.Add((Resolve(call, "share"), Resolve(call, "access")));
                });
            }
        });

        Task<CallOutcome> Run(ScenarioCall call)
        {
            var spec = ScenarioCalls.Known[call.Call];
            var args = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (name, value) in call.Args)
                args[name] = value is string s && s.StartsWith('$') ? Lookup(s[1..], call) : value;
            return spec.Run(client, new CallArgs(args), call.Worker);
        }

        string Resolve(ScenarioCall call, string arg) =>
            call.Args[arg] is string s && s.StartsWith('$') ? Lookup(s[1..], call) : (string)call.Args[arg]!;

        string Lookup(string variable, ScenarioCall call) =>
            variables.TryGetValue(variable, out var id)
                ? id
                : throw new InvalidOperationException($"scenario {scenario.Name}: {call.Call} refers to ${variable}, which no earlier call bound");
    };

    static bool IsSuccess(ApiStatus status) => (int)status < 300;
}
