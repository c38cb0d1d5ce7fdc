// Periodic tasks of one share manager: each tick of a virtual-time timer is one operation running one task by
// Manila's name. Manila's periodic_task decorator logs and swallows a failing run; so does this.
using Microsoft.Extensions.Logging;
using SimManila.Simulation;

namespace SimManila.Services.Manager;

public sealed partial class ShareManager
{
    /// <summary>Runs one periodic task by name; an escaping exception is recorded, as Manila logs it, and the next tick runs.</summary>
    public async Task RunPeriodic(string name)
    {
        try
        {
            switch (name)
            {
                case PeriodicTaskNames.ReplicaUpdate: await PeriodicReplicaUpdate(); break;
                case PeriodicTaskNames.ReplicaSnapshotUpdate: await PeriodicReplicaSnapshotUpdate(); break;
                case PeriodicTaskNames.DeleteFreeShareServers: await DeleteFreeShareServers(); break;
                case PeriodicTaskNames.DeferredShareDeletion: await DeferredShareDeletion(); break;
                case PeriodicTaskNames.DeferredSnapshotDeletion: await DeferredSnapshotDeletion(); break;
                case PeriodicTaskNames.ShareStatusUpdate: await PollCreatingFromSnapshot(); break;
                default: throw new ArgumentOutOfRangeException(nameof(name), name, "unknown periodic task");
            }
        }
        catch (Exception ex) when (ex is not SimulationStopException && ex is not ArgumentOutOfRangeException)
        {
            d.PeriodicFailures.Add($"{Host}.{name}: {ex.GetType().Name}: {ex.Message}");
            if (log.IsEnabled(LogLevel.Information)) log.LogInformation("periodic task {Task} failed: {Error}", name, ex.Message);
        }
    }
}
