// What invariants look at: the deployment (database, backends, locks, audit trails) plus per-iteration bookkeeping
// that lets per-step checks look only at what is new since the last step.
using SimManila.Drivers.Fake;
using SimManila.Model;
using SimManila.Services;
using SimManila.Services.Storage;

namespace SimManila.Scenarios.Invariants;

public sealed class InvariantContext
{
    public InvariantContext(Deployment deployment)
    {
        Deployment = deployment;
        Replicated = deployment.Topology.Backends.Any(b => b.Capabilities.ReplicationType is not null);
        // Only periodic ticks' writes are kept: the one invariant that reads them judges what periodic tasks do.
        deployment.Transitions.OnApplied = write =>
        {
            if (PeriodicTaskNames.TaskOf(write.Operation) is not null) periodicWrites.Add(write);
        };
    }

    public Deployment Deployment { get; }
    public ManilaStore Store => Deployment.Db.Store;

    readonly List<AppliedWrite> periodicWrites = [];
    readonly Dictionary<string, int> periodicWritesSeen = new(StringComparer.Ordinal);

    /// <summary>Status writes by periodic ticks since <paramref name="check"/> last asked.</summary>
    public IEnumerable<AppliedWrite> NewPeriodicWrites(string check)
    {
        periodicWritesSeen.TryGetValue(check, out int seen);
        int count = periodicWrites.Count;
        periodicWritesSeen[check] = count;
        for (int i = seen; i < count; i++) yield return periodicWrites[i];
    }

    /// <summary>Per check and backend host: how many of its call records that check has already seen.</summary>
    readonly Dictionary<(string Check, string Host), int> backendCallsSeen = new();

    /// <summary>The backend calls made since <paramref name="check"/> last asked, with every call before each for
    /// context; the check sees each call once.</summary>
    public IEnumerable<(string Host, IReadOnlyList<BackendCall> Calls, int Index)> NewBackendCalls(string check)
    {
        foreach (var (host, backend) in Deployment.Backends)
        {
            backendCallsSeen.TryGetValue((check, host), out int seen);
            int count = backend.Calls.Count;
            backendCallsSeen[(check, host)] = count;
            for (int i = seen; i < count; i++) yield return (host, backend.Calls, i);
        }
    }

    /// <summary>Requests that raised instead of answering (a 500 in Manila): call and exception.</summary>
    public List<string> InternalErrors { get; } = [];

    /// <summary>Access rules whose deny the API accepted: they must be gone once the system is quiet.</summary>
    public List<(string ShareId, string AccessId)> AcceptedDenies { get; } = [];

    /// <summary>Whether any backend replicates; the replica checks cost nothing where none does.</summary>
    public bool Replicated { get; }

    /// <summary>The database version the active-replica check last looked at.</summary>
    public long ActiveReplicasCheckedAt { get; set; } = -1;
}
