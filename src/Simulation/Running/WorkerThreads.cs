// Runs one body on several worker threads at once (large stacks: a deep async chain of simulated calls runs inline on
// them) and collects each worker's result; a worker's exception fails the whole run. Shared by every parallel runner.
namespace SimManila.Simulation;

internal static class WorkerThreads
{
    public static T[] Run<T>(int workers, Func<T> work, string name)
    {
        var results = new T[workers];
        if (workers == 1)
        {
            results[0] = work();
            return results;
        }
        var threads = new Thread[workers];
        var errors = new Exception?[workers];
        for (int w = 0; w < workers; w++)
        {
            int slot = w;
            threads[w] = new Thread(() =>
            {
                try { results[slot] = work(); }
                catch (Exception ex) { errors[slot] = ex; }
            }, 16 * 1024 * 1024) { IsBackground = true, Name = $"simmanila-{name}-{w}" };
            threads[w].Start();
        }
        foreach (var thread in threads) thread.Join();
        foreach (var error in errors) if (error is not null) throw new InvalidOperationException($"a {name} failed", error);
        return results;
    }
}
