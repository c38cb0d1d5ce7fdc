// Which of the service's resource keys name the same resource, for DFS's reduction (Simulator.ResourceDomain): the
// database is one resource (a query reads by scope what an insert writes by row, and transactions span tables), the
// fake backends are one, and each lock, RPC queue and API worker is its own.
using SimManila.Simulation;

namespace SimManila.Services;

public static class ResourceDomains
{
    public const string Database = "db", Backends = "backend";

    public static string Of(string key) =>
        key.StartsWith("db:", StringComparison.Ordinal) || key.StartsWith("quota:", StringComparison.Ordinal) ? Database
        : key.StartsWith("backend:", StringComparison.Ordinal) ? Backends
        : key;

    /// <summary>Declares the mapping to the simulator (a deployment does so when it is built).</summary>
    public static void Declare(Simulator sim) => sim.ResourceDomain ??= Of;
}
