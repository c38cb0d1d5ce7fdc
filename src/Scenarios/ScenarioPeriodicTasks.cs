// Periodic tasks a scenario can switch on, by name, each a timer per host on virtual time with Manila's interval.
using SimManila.Services;

namespace SimManila.Scenarios;

public static class ScenarioPeriodicTasks
{
    /// <summary>Name, interval (Manila's default) and the work of one tick on one host.</summary>
    public sealed record Task(string Name, TimeSpan Interval, Func<Deployment, string, System.Threading.Tasks.Task> Tick);

    public static IReadOnlyDictionary<string, Task> Known { get; } = new Task[]
    {
        new("share-status-poll", TimeSpan.FromSeconds(60), (d, host) => d.Manager(host).PollCreatingFromSnapshot()),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static void StartPeriodicTasks(this Deployment d, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            var task = Known.TryGetValue(name, out var known)
                ? known
                : throw new ArgumentException($"unknown periodic task '{name}'; known: {string.Join(", ", Known.Keys)}");
            foreach (var host in d.Managers.Keys)
                d.Sim.StartTimer($"{name}@{host}", task.Interval, task.Interval, () => task.Tick(d, host));
        }
    }
}
