// Sampled runs of a learning strategy: the iterations are cut into blocks that one model learns from in iteration
// order; workers and shards take whole blocks, so what an iteration does never depends on cores or shards.
namespace SimManila.Simulation;

public static partial class SimRunner
{
    /// <summary>
    /// Block b holds iterations [b x L, (b + 1) x L) of L = NoveltyModel.BlockLength and belongs to shard b mod N. Its
    /// iterations run in order on one worker, each learning from all the block's iterations before it (measured: letting
    /// even two iterations run side by side on the same model costs the catalogue's hardest race 70% more schedules,
    /// because both follow the same least-trodden path); workers run different blocks at once.
    /// </summary>
    static WorkerStats[] ExploreLearning(SimSettings settings, SampledRun run, int estimatedDecisions)
    {
        const int BlockLength = NoveltyModel.BlockLength;
        var shard = settings.Shard;
        long blockCount = (settings.Iterations + (long)BlockLength - 1) / BlockLength;
        long positions = shard is null ? blockCount : Math.Max(0, (blockCount - (shard.Index - 1) + shard.Count - 1) / shard.Count);
        long nextPosition = 0;

        WorkerStats Work(int worker)
        {
            var stats = new WorkerStats();
            var strategy = CreateStrategy(settings, estimatedDecisions);
            var decisions = new DecisionLog();
            while (true)
            {
                long position = Interlocked.Increment(ref nextPosition) - 1;
                if (position >= positions) return stats;
                long block = shard is null ? position : position * shard.Count + (shard.Index - 1);
                var model = strategy.CreateModel()!;
                strategy.UseModel(model);
                for (long iteration = block * BlockLength, end = Math.Min(iteration + BlockLength, settings.Iterations); iteration < end; iteration++)
                {
                    if (!run.ShouldRun(iteration)) return stats;
                    run.Run(strategy, decisions, stats, iteration);
                    model.Learn(strategy.TakeLesson()!);
                }
            }
        }

        return RunWorkers((int)Math.Max(1, Math.Min(settings.Parallelism, positions)), Work);
    }
}
