// The default strategy: iteration i runs member i mod 4 of (learning-uniform, learning, learning, PCT), all teaching
// and reading one learned model; blocks of that model hold whole cycles, so every worker and shard runs the whole mix.
namespace SimManila.Simulation;

/// <summary>
/// The uniform learner finds the races a random walk finds at once (most two-request races), the targeted learner the
/// ones that need an operation held back or POS's conflict-aware priorities, PCT the deep ordered ones; PCT's
/// iterations are recorded too, so the learners steer away from what it saw. Measured on the catalogue and the engine's
/// programs against every single strategy (src/Simulation/README.md). Blocks of the learned model's length hold whole
/// cycles of members, so a shard or a worker never runs a partial mix.
/// </summary>
internal sealed class PortfolioStrategy : SchedulingStrategy
{
    readonly SchedulingStrategy[] members;
    SchedulingStrategy current;

    public PortfolioStrategy(int pctDepth, int estimatedDecisions)
    {
        var uniform = new LearningStrategy(LearningBase.Uniform);
        var targeted = new LearningStrategy(LearningBase.Targeted);
        members = [uniform, targeted, targeted, new LearningStrategy(LearningBase.Pct, pctDepth, estimatedDecisions)];
        current = members[0];
    }

    public override string Name => "portfolio/" + current.Name;

    public override NoveltyModel CreateModel() => new();

    public override void UseModel(NoveltyModel model)
    {
        foreach (var member in members) member.UseModel(model);
    }

    public override NoveltyLesson? TakeLesson() => current.TakeLesson();

    public override void BeginIteration(ulong seed, long iteration)
    {
        current = members[(int)(iteration % members.Length)];
        current.BeginIteration(seed, iteration);
    }

    public override bool EndIteration() => current.EndIteration();
    public override void OnSpawn(SimOperation op) => current.OnSpawn(op);
    public override void OnEnabled(SimOperation op) => current.OnEnabled(op);
    public override int PickNext(Simulator sim, SimOperation[] ready, int count) => current.PickNext(sim, ready, count);
    public override void OnStepped(SimOperation op, PointKind kind, string? resource, SimOperation[] ready, int count) =>
        current.OnStepped(op, kind, resource, ready, count);
    public override bool ChooseBool(Simulator sim, double probability) => current.ChooseBool(sim, probability);
    public override int ChooseInt(Simulator sim, int minInclusive, int maxExclusive) => current.ChooseInt(sim, minInclusive, maxExclusive);
}
