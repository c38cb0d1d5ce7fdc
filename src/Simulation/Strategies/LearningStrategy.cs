// Learning-based exploration in the spirit of Mukherjee et al. (OOPSLA 2020): Q-learning over an abstraction of the
// state at each decision, rewarded for reaching states seen less often, plus targets drawn from the orders of
// conflicting accesses never seen yet. What it learns carries across the iterations of a block (NoveltyModel).
namespace SimManila.Simulation;

/// <summary>How a learning strategy decides where the model does not tell (its base policy).</summary>
internal enum LearningBase
{
    /// <summary>Uniform among the actions the model rates best: a random walk pulled towards the unseen.</summary>
    Uniform,
    /// <summary>POS priorities among the actions the model rates best, and in half the iterations a target: an order of
    /// two conflicting accesses never seen (its reverse was), brought about by holding back the operation about to make
    /// the first access until the other has made its own (or has ended, or nothing else can run).</summary>
    Targeted,
    /// <summary>PCT decides; the learning strategy only records, so a portfolio's PCT iterations teach the model too.</summary>
    Pct,
    /// <summary>A switch at every decision, round robin over the requests while one is ready, then over the work they
    /// started in request order (<see cref="RequestOrder.Lockstep"/>): two requests that take the same steps go in
    /// lockstep, so both make their check before either writes. Integer choices go round their range from the top:
    /// requests that draw start times start one slot apart, the last-listed first, so each lands in the work of the one
    /// that started just before it (a cast still in its driver call) without joining its batch. Reads no model (it only
    /// teaches one); bool choices are the uniform learner's.</summary>
    RoundRobin,
    /// <summary>The requests in lockstep, then their work one request at a time (<see cref="RequestOrder.RequestByRequest"/>):
    /// the first request's work runs until it waits, so a cast sent later is handled before, or in between, the work
    /// of one sent earlier. Reads no model; choices are the uniform learner's.</summary>
    RequestByRequest,
}

/// <summary>
/// Every decision's action (an operation to run, a choice's value) is weighted 2^(Sharpness x Q), Q being the model's
/// value of that action in the abstract state (see <see cref="StateAbstraction"/>): actions never taken are worth 0
/// and ones that led to well-trodden states are negative, so the strategy all but always takes the least-trodden path
/// and its base policy decides among equals. A bool choice also weighs its probability, so a rare fault stays rare
/// among equally novel values. Each iteration's decisions and accesses become a lesson, which the runner teaches the
/// block's model in iteration order, so results do not depend on cores or shards.
/// </summary>
internal sealed class LearningStrategy : RandomizedStrategy
{
    /// <summary>How sharply Q-values steer: at 100 a difference of one visit's reward (0.3) is a factor 2^30.</summary>
    const double Sharpness = 100;
    /// <summary>Iterations of the targeted learner that pursue a target (the others are POS steered by the model alone):
    /// measured on the catalogue, pursuing one always holds operations back for orders that cannot happen.</summary>
    const int TargetPercent = 50;
    /// <summary>Iterations of the uniform and targeted learners whose integer choices coincide: every draw from a range
    /// drawn before in the iteration repeats its first value, so requests that draw start times start at the same
    /// instant, as a batch the driver rejects at once needs a request to land in it. Measured on the catalogue (40
    /// seeds): a quarter halves rules-added-at-once-one-failing; a half, or every iteration of one member, costs the
    /// races that need the starts apart more than it saves.</summary>
    const int CoincidePercent = 25;
    const ulong CoincideSalt = 0xC01_C1DEUL;

    readonly LearningBase basePolicy;
    readonly bool alwaysTarget;
    readonly PctStrategy? pct;
    readonly StateAbstraction abstraction = new();
    readonly NoveltyLesson lesson = new();
    readonly RequestOrder? requests; // round robin and request by request only
    readonly HashSet<ulong> accessed = new();
    readonly RangeDraws ranges = new();
    NoveltyModel model = new();
    FlipTarget? target;
    int lastRan; // the id of the operation that took the last step
    bool coincide;
    double[] weights = new double[16];

    /// <param name="alwaysTarget">The targeted learner pursues a target in every iteration that has one (see
    /// <see cref="PortfolioStrategy"/>: right after round robin, the orders it did not see are the best next guesses).</param>
    public LearningStrategy(LearningBase basePolicy, int pctDepth = 3, int estimatedDecisions = 1, bool alwaysTarget = false)
    {
        this.basePolicy = basePolicy;
        this.alwaysTarget = alwaysTarget;
        if (basePolicy == LearningBase.Pct) pct = new PctStrategy(pctDepth, estimatedDecisions);
        if (basePolicy is LearningBase.RoundRobin or LearningBase.RequestByRequest) requests = new RequestOrder();
    }

    public override string Name => basePolicy switch
    {
        LearningBase.Uniform => "learning-uniform",
        LearningBase.Targeted => "learning",
        LearningBase.RoundRobin => "round-robin",
        LearningBase.RequestByRequest => "request-by-request",
        _ => "pct",
    };

    public override NoveltyModel CreateModel() => new();

    public override void UseModel(NoveltyModel shared) => model = shared;

    public override NoveltyLesson TakeLesson() => lesson;

    public override void BeginIteration(ulong seed, long iteration)
    {
        base.BeginIteration(seed, iteration);
        pct?.BeginIteration(seed, iteration);
        lesson.Clear();
        accessed.Clear();
        lastRan = -1;
        ranges.Clear();
        // Drawn from the seed, not the iteration's stream, so a program without integer choices runs as without it.
        coincide = basePolicy is LearningBase.Uniform or LearningBase.Targeted && SimRandom.Mix(seed ^ CoincideSalt) % 100 < CoincidePercent;
        var targets = model.Targets;
        target = basePolicy == LearningBase.Targeted && targets.Count > 0 && (alwaysTarget || Random.Next(100) < TargetPercent) ? targets[Random.Next(targets.Count)] : null;
        lesson.Target = target;
    }

    public override void OnSpawn(SimOperation op)
    {
        pct?.OnSpawn(op);
        requests?.OnSpawn(op);
    }

    public override void OnEnabled(SimOperation op)
    {
        if (pct is not null) pct.OnEnabled(op);
        else if (basePolicy == LearningBase.Targeted) PosStrategy.Draw(op, Random);
    }

    public override void OnStepped(SimOperation op, PointKind kind, string? resource, SimOperation[] ready, int count)
    {
        if (abstraction.AccessOf(op.Id, kind, resource) is { } access && accessed.Add(access.Point)) lesson.Accesses.Add(access);
        if (pct is not null) pct.OnStepped(op, kind, resource, ready, count);
        else if (basePolicy == LearningBase.Targeted) PosStrategy.RedrawConflicting(op, kind, resource, ready, count, Random);
    }

    public override int PickNext(Simulator sim, SimOperation[] ready, int count)
    {
        ulong state = abstraction.OfSchedule(sim, ready, count);
        int pick;
        if (pct is not null) pick = pct.PickNext(sim, ready, count);
        else if (basePolicy == LearningBase.RoundRobin) pick = requests!.Lockstep(ready, count, lastRan);
        else if (basePolicy == LearningBase.RequestByRequest) pick = requests!.RequestByRequest(ready, count, lastRan);
        else
        {
            Reserve(count);
            for (int i = 0; i < count; i++) weights[i] = Sharpness * model.Value(state, ready[i].Id);
            pick = basePolicy == LearningBase.Uniform ? Draw(count) : Targeted(sim, ready, count);
        }
        lastRan = ready[pick].Id;
        lesson.Decisions.Add((state, lastRan, count));
        return pick;
    }

    public override bool ChooseBool(Simulator sim, double probability)
    {
        ulong state = abstraction.OfChoice(sim, 0, 2);
        bool value;
        if (pct is not null) value = pct.ChooseBool(sim, probability);
        else
        {
            Reserve(2);
            weights[0] = Sharpness * model.Value(state, 0);
            weights[1] = Sharpness * model.Value(state, 1);
            value = Draw(2, probability) == 1;
        }
        lesson.Decisions.Add((state, value ? 1 : 0, 2));
        return value;
    }

    public override int ChooseInt(Simulator sim, int minInclusive, int maxExclusive)
    {
        ulong state = abstraction.OfChoice(sim, minInclusive, maxExclusive);
        int count = maxExclusive - minInclusive;
        var (drawnBefore, first) = ranges.Before(minInclusive, maxExclusive);
        int value;
        if (pct is not null) value = pct.ChooseInt(sim, minInclusive, maxExclusive);
        else if (basePolicy == LearningBase.RoundRobin) value = maxExclusive - 1 - drawnBefore % count;
        else if (coincide && drawnBefore > 0) value = first;
        else
        {
            Reserve(count);
            for (int i = 0; i < count; i++) weights[i] = Sharpness * model.Value(state, minInclusive + i);
            value = minInclusive + Draw(count);
        }
        ranges.Record(minInclusive, maxExclusive, value);
        lesson.Decisions.Add((state, value, count));
        return value;
    }

    void Reserve(int count)
    {
        if (weights.Length < count) weights = new double[Math.Max(count, weights.Length * 2)];
    }

    /// <summary>The best-weighted ready operation, POS priorities deciding among near-equals, holding back the target's
    /// delayed operation while its awaited access is still to come.</summary>
    int Targeted(Simulator sim, SimOperation[] ready, int count)
    {
        int held = HeldBack(sim, ready, count);
        int best = -1;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < count; i++)
        {
            if (i == held) continue;
            double score = weights[i] + ready[i].StepPriority * (1.0 / long.MaxValue);
            if (score > bestScore) { bestScore = score; best = i; }
        }
        return best;
    }

    int HeldBack(Simulator sim, SimOperation[] ready, int count)
    {
        if (target is not { } t) return -1;
        var awaited = t.Awaited;
        if (accessed.Contains(awaited.Point) || awaited.Operation < sim.Operations.Count && sim.Operations[awaited.Operation].IsCompleted)
        {
            target = null; // reached, or no longer reachable in this iteration (an operation not spawned yet may still be)
            return -1;
        }
        for (int i = 0; i < count; i++)
            if (ready[i].Id == t.Delayed.Operation && abstraction.PendingPoint(ready[i]) == t.Delayed.Point) return i;
        return -1;
    }

    /// <summary>Index i with probability proportional to 2^weights[i]; for a bool, times the chance of each value
    /// (<paramref name="probability"/> of true), so a value of probability 0 is never drawn.</summary>
    int Draw(int count, double probability = -1)
    {
        double best = double.NegativeInfinity;
        for (int i = 0; i < count; i++) best = Math.Max(best, weights[i]);
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            weights[i] = Pow2(weights[i] - best);
            if (probability >= 0) weights[i] *= i == 1 ? probability : 1 - probability;
            total += weights[i];
        }
        if (total == 0) return probability >= 0.5 ? 1 : 0;
        double point = (Random.NextUInt64() >> 11) * (1.0 / (1UL << 53)) * total;
        for (int i = 0; i < count - 1; i++)
        {
            point -= weights[i];
            if (point < 0) return i;
        }
        return count - 1;
    }

    /// <summary>2^x for x &lt;= 0 with plain arithmetic only: Math.Exp and Math.Pow may differ between platforms in the
    /// last bit, and a schedule must not.</summary>
    static double Pow2(double x)
    {
        if (x < -1000) return 0;
        double whole = Math.Floor(x);
        double f = x - whole; // in [0, 1): a degree-5 polynomial, close enough for sampling weights
        double p = 1 + f * (0.6931471805599453 + f * (0.2402265069591007 + f * (0.0555041086648216 + f * (0.0096181291076285 + f * 0.0013333558146428))));
        return Math.ScaleB(p, (int)whole);
    }
}
