// Every active share server carries its share network's security service on the backend: a server set up, or left
// out of an update, while the network's security service changed would serve shares with the old identity domain.
using SimManila.Model;

namespace SimManila.Scenarios.Invariants;

public sealed class SecurityServicesMatchBackend : Invariant
{
    public override string Name => "security-services-match-backend";
    public override string Meaning => "each active share server uses its share network's security service on the backend";
    public override string Inspects => "security service of each live active server's network against the backend server's";
    public override InvariantTiming Timing => InvariantTiming.AtQuiet;

    public override string? Check(InvariantContext context)
    {
        var d = context.Deployment;
        var store = context.Store;
        foreach (var server in store.All<ShareServer>())
        {
            if (server.Status != ShareServerStatus.Active || server.ShareNetworkId is null) continue;
            if (!d.Backends.TryGetValue(server.Host, out var backend) || !backend.Servers.TryGetValue(server.Id, out var onBackend)) continue;
            var network = store.Find<ShareNetwork>(server.ShareNetworkId);
            if (network is null || network.SecurityServiceId == onBackend.SecurityServiceId) continue;
            return $"share server {server.Id} on {server.Host} uses security service {onBackend.SecurityServiceId ?? "(none)"} "
                + $"but share network {network.Id} has {network.SecurityServiceId ?? "(none)"}";
        }
        return null;
    }
}
