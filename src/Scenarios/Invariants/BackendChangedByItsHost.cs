// A resource lives on one backend host: only that host's manager changes it there. A periodic task of another host that
// acts on it through its own driver (LP 2068043: host T's deferred deletion of host S's snapshot) breaks this at once,
// whether or not the other backend happened to hold something by that name.
using SimManila.Drivers;

namespace SimManila.Scenarios.Invariants;

public sealed class BackendChangedByItsHost : Invariant
{
    public override string Name => "backend-changed-by-its-host";
    public override string Meaning => "a share, snapshot, replica, server or group is changed on the backend only through the driver of the host that owns it";
    public override string Inspects => "each new backend call against the host of its resource's row (a snapshot's: its share instance's)";
    public override InvariantTiming Timing => InvariantTiming.EveryStep;

    public override string? Check(InvariantContext context)
    {
        foreach (var (host, calls, index) in context.NewBackendCalls(Name))
        {
            var call = calls[index];
            if (!DriverMethodKinds.Changes(call.Method)) continue;
            if (BackendResources.Find(context, call.ResourceId) is { Host: { } owner } && owner != host)
                return $"{call.Method}({call.ResourceId}) reached {host}'s driver at {call.At}, but {call.ResourceId} belongs to {owner}";
        }
        return null;
    }
}
