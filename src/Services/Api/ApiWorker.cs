// One manila-api worker on its own host. Each request reads rows, checks guards in code as Manila does, writes through
// the policy seam, and casts to the scheduler or a share manager. Requests run inside the caller's operation.
using Microsoft.Extensions.Logging;
using SimManila.Model;
using SimManila.Simulation;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker(Deployment d, string host, ILogger log)
{
    public string Host { get; } = host;
    Simulator Sim => d.Sim;

    /// <summary>The request enters this worker: a scheduling point named after the REST call.</summary>
    PointAwaitable Enter(string request)
    {
        if (Sim.IsLogging) log.LogInformation("{Request}", request);
        return Sim.Point(PointKind.Receive, "api:" + Host, request);
    }

    async Task<(Share? Share, IReadOnlyList<ShareInstance> Instances)> LoadShare(string shareId)
    {
        var share = await d.Db.Get<Share>(shareId);
        if (share is null) return (null, []);
        var instances = await d.Db.Where<ShareInstance>(shareId, i => i.ShareId == shareId);
        return (share, instances);
    }

    static ShareInstanceStatus? StatusOf(IReadOnlyList<ShareInstance> instances) => ShareLifecycle.Status(instances);

    static bool IsBusy(IReadOnlyList<ShareInstance> instances) =>
        instances.Any(i => i.TaskState is not null && i.TaskState.IsBusy);

    internal static ShareView View(Share share, IReadOnlyList<ShareInstance> instances)
    {
        var selected = ShareLifecycle.SelectInstance(instances);
        var rules = instances.Where(i => i.Status == ShareInstanceStatus.Available).Select(i => i.AccessRulesStatus).ToList();
        var accessStatus = rules.Contains(AccessRulesStatus.Error) ? AccessRulesStatus.Error
            : rules.Contains(AccessRulesStatus.Syncing) ? AccessRulesStatus.Syncing : AccessRulesStatus.Active;
        return new ShareView(share.Id, selected?.Status.Value ?? "deleted", share.Size, share.ShareProto, selected?.Host,
            share.SnapshotId, accessStatus.Value);
    }
}
