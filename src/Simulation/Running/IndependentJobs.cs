// Runs numbered jobs that share nothing (one workload's exploration each, say) on worker threads, with the same
// rules as a run's iterations: a shard takes the indices i with i % N == shard - 1, a time budget stops taking new
// jobs, and stop-at-first keeps every job below the lowest index that asked to stop, whatever the parallelism.
using System.Diagnostics;

namespace SimManila.Simulation;

public sealed record JobSettings
{
    /// <summary>Jobs 0 .. Count - 1 (before sharding).</summary>
    public required long Count { get; init; }
    public int Parallelism { get; init; } = 1;
    public Shard? Shard { get; init; }
    public TimeSpan? TimeBudget { get; init; }
    /// <summary>A job that asks to stop ends the run after every job with a lower index.</summary>
    public bool StopAtFirst { get; init; }

    public void Validate()
    {
        if (Count < 0) throw new ArgumentException($"Count: expected zero or more jobs, got {Count}", "settings");
        if (Parallelism <= 0) throw new ArgumentException($"Parallelism: expected >= 1 worker threads, got {Parallelism}", "settings");
        if (TimeBudget is { } budget && budget <= TimeSpan.Zero) throw new ArgumentException($"TimeBudget: expected a positive duration, got {budget}", "settings");
    }
}

/// <summary>The jobs that ran, in index order, and how the run ended.</summary>
public sealed record JobResults<T>(IReadOnlyList<(long Index, T Result)> Completed, TimeSpan Elapsed, bool OutOfTime);

public static class IndependentJobs
{
    /// <param name="job">Runs job i; returns its result and whether the run should stop (with StopAtFirst).</param>
    /// <param name="progress">Called after each job with the number done and the time so far, from a worker thread.</param>
    public static JobResults<T> Run<T>(JobSettings settings, Func<long, (T Result, bool Stop)> job, Action<long, TimeSpan>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(job);
        settings.Validate();
        var clock = Stopwatch.StartNew();
        var shard = settings.Shard;
        long positions = shard is null ? settings.Count : Math.Max(0, (settings.Count - (shard.Index - 1) + shard.Count - 1) / shard.Count);
        long nextPosition = 0, stopAt = long.MaxValue, done = 0;
        int outOfTime = 0;

        List<(long, T)> Work()
        {
            var mine = new List<(long, T)>();
            while (true)
            {
                long position = Interlocked.Increment(ref nextPosition) - 1;
                if (position >= positions) break;
                long index = shard is null ? position : position * shard.Count + (shard.Index - 1);
                if (index > Volatile.Read(ref stopAt)) break;
                if (settings.TimeBudget is { } budget && clock.Elapsed >= budget)
                {
                    Volatile.Write(ref outOfTime, 1);
                    break;
                }
                var (result, stop) = job(index);
                mine.Add((index, result));
                if (stop && settings.StopAtFirst)
                {
                    long seen;
                    while (index < (seen = Volatile.Read(ref stopAt)) && Interlocked.CompareExchange(ref stopAt, index, seen) != seen) { }
                }
                progress?.Invoke(Interlocked.Increment(ref done), clock.Elapsed);
            }
            return mine;
        }

        int workers = (int)Math.Max(1, Math.Min(settings.Parallelism, positions));
        var results = WorkerThreads.Run(workers, Work, "job-worker");
        long last = Volatile.Read(ref stopAt);
        var completed = results.SelectMany(r => r).Where(r => r.Item1 <= last).OrderBy(r => r.Item1).ToList();
        return new JobResults<T>(completed, clock.Elapsed, outOfTime == 1);
    }
}
