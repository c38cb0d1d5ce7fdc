// The default strategy: every block of the learned model opens with round robin, a targeted learner that flips an
// order round robin saw, and the requests' work taken request by request; iteration i >= 3 of a block runs member
// (i - 3) mod 4 of (learning-uniform, learning, learning, PCT), all teaching and reading one learned model. Whole blocks
// go to a worker or shard, so each runs the mix.
namespace SimManila.Simulation;

/// <summary>
/// Round robin needs no luck: it runs two requests in lockstep, so both check before either writes (most two-request
/// races of the catalogue, at the first schedule), and then the work they cast in lockstep, in request order. The
/// targeted learner after it pursues an order of two conflicting accesses that round robin saw only the other way
/// round, as a request that starts late or runs ahead needs. The third opener takes the work one request at a time, so
/// the first request's cast is handled to its end (or its wait) before a later one's: the order a delete needs to
/// land between another request's choice and its write. Then the uniform learner finds what a random walk finds at
/// once, the targeted learner what needs an operation held back or POS's conflict-aware priorities, PCT the deep
/// ordered ones; every member's iterations are recorded, so the learners steer away from what the others saw. Where
/// requests draw their start times, round robin starts them a slot apart and a quarter of the learners' iterations
/// start them together (LearningStrategy.ChooseInt).
/// Measured on the catalogue and the engine's programs against every single strategy (src/Simulation/README.md).
/// </summary>
internal sealed class PortfolioStrategy : SchedulingStrategy
{
    readonly SchedulingStrategy[] openers, members;
    SchedulingStrategy current;

    public PortfolioStrategy(int pctDepth, int estimatedDecisions)
    {
        var uniform = new LearningStrategy(LearningBase.Uniform);
        var targeted = new LearningStrategy(LearningBase.Targeted);
        openers =
        [
            new LearningStrategy(LearningBase.RoundRobin),
            new LearningStrategy(LearningBase.Targeted, alwaysTarget: true),
            new LearningStrategy(LearningBase.RequestByRequest),
        ];
        members = [uniform, targeted, targeted, new LearningStrategy(LearningBase.Pct, pctDepth, estimatedDecisions)];
        current = openers[0];
    }

    public override string Name => "portfolio/" + current.Name;

    public override NoveltyModel CreateModel() => new();

    public override void UseModel(NoveltyModel model)
    {
        foreach (var opener in openers) opener.UseModel(model);
        foreach (var member in members) member.UseModel(model);
    }

    public override NoveltyLesson? TakeLesson() => current.TakeLesson();

    public override void BeginIteration(ulong seed, long iteration)
    {
        long inBlock = iteration % NoveltyModel.BlockLength;
        current = inBlock < openers.Length ? openers[inBlock] : members[(inBlock - openers.Length) % members.Length];
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
