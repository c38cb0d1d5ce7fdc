// What the learning strategy knows at the start of a round: a Q-value per abstract state and action, rewarded for
// reaching states seen less often, and the orders of conflicting resource accesses seen so far, with the orders never
// seen yet as targets. Built from the lessons of a block's earlier iterations, in iteration order.
namespace SimManila.Simulation;

internal sealed class NoveltyModel
{
    /// <summary>Iterations a model learns from before the next block starts afresh (see SimRunner: workers and
    /// shards take whole blocks, so what an iteration does depends on the run seed and its index alone). Measured on the
    /// catalogue (bench first-bug, 40 seeds): 256 finds as fast as 1,024 (every race but the deepest within one block)
    /// and lets a run of 512 iterations use two cores; 128 cost the deepest races more schedules.</summary>
    public const int BlockLength = 256;
    const double LearningRate = 0.3, Discount = 0.7;
    /// <summary>An ending seen before costs this many times its visits: the whole schedule repeated (measured).</summary>
    const double EndingWeight = 3;

    sealed class StateEntry
    {
        public long Visits;
        public int Alternatives; // actions available here (the most seen)
        public int Count;
        public int[] Actions = new int[2];
        public double[] Values = new double[2];

        public int IndexOf(int action)
        {
            for (int i = 0; i < Count; i++)
                if (Actions[i] == action) return i;
            return -1;
        }

        public int Add(int action)
        {
            int i = IndexOf(action);
            if (i >= 0) return i;
            if (Count == Actions.Length)
            {
                Array.Resize(ref Actions, Count * 2);
                Array.Resize(ref Values, Count * 2);
            }
            Actions[Count] = action;
            Values[Count] = 0;
            return Count++;
        }

        /// <summary>The best action's value; an action never taken here is worth 0.</summary>
        public double Best()
        {
            double best = Count < Alternatives ? 0 : double.NegativeInfinity;
            for (int i = 0; i < Count; i++) best = Math.Max(best, Values[i]);
            return Count == 0 ? 0 : best;
        }
    }

    readonly Dictionary<ulong, StateEntry> states = new();
    long terminalVisits; // the end of an iteration is a state too
    readonly Dictionary<ulong, List<AccessPoint>> accessesByKey = new();
    readonly HashSet<ulong> knownAccesses = new();
    readonly HashSet<(ulong before, ulong after)> orders = new();
    readonly List<FlipTarget> targets = new();
    readonly Dictionary<(ulong delayed, ulong awaited), int> targetIndex = new();

    /// <summary>Lessons learned so far (iterations of the block).</summary>
    public int Lessons { get; private set; }

    /// <summary>The Q-value of taking <paramref name="action"/> in <paramref name="state"/>; 0 when never taken.</summary>
    public double Value(ulong state, int action)
    {
        if (!states.TryGetValue(state, out var entry)) return 0;
        int i = entry.IndexOf(action);
        return i < 0 ? 0 : entry.Values[i];
    }

    /// <summary>Every access on <paramref name="key"/> seen so far, by any operation.</summary>
    public IReadOnlyList<AccessPoint> AccessesOn(ulong key) => accessesByKey.TryGetValue(key, out var list) ? list : [];

    /// <summary>Orders of conflicting accesses never seen so far, though their reverse was.</summary>
    public IReadOnlyList<FlipTarget> Targets => targets;

    public void Learn(NoveltyLesson lesson)
    {
        Lessons++;
        var decisions = lesson.Decisions;
        // Visits first: an iteration's own visits count in its rewards.
        foreach (var (state, _, alternatives) in decisions)
        {
            if (!states.TryGetValue(state, out var entry)) states[state] = entry = new StateEntry();
            entry.Visits++;
            entry.Alternatives = Math.Max(entry.Alternatives, alternatives);
        }
        terminalVisits++;
        for (int t = 0; t < decisions.Count; t++)
        {
            var (state, action, _) = decisions[t];
            double reward, future = 0;
            if (t + 1 < decisions.Count)
            {
                var next = states[decisions[t + 1].state];
                reward = -next.Visits;
                future = next.Best();
            }
            else reward = -terminalVisits * EndingWeight;
            var entry = states[state];
            int i = entry.Add(action);
            entry.Values[i] = (1 - LearningRate) * entry.Values[i] + LearningRate * (reward + Discount * future);
        }
        LearnOrders(lesson.Accesses);
        if (lesson.Target is { } tried && targetIndex.TryGetValue((tried.Delayed.Point, tried.Awaited.Point), out int index))
            RemoveTarget(index); // tried: most orders that stay unseen cannot happen at all (one access causes the other)
    }

    void LearnOrders(List<AccessPoint> accesses)
    {
        foreach (var access in accesses)
        {
            if (!knownAccesses.Add(access.Point)) continue;
            if (!accessesByKey.TryGetValue(access.Key, out var list)) accessesByKey[access.Key] = list = new List<AccessPoint>();
            list.Add(access);
        }
        for (int i = 0; i < accesses.Count; i++)
            for (int j = i + 1; j < accesses.Count; j++)
            {
                var (before, after) = (accesses[i], accesses[j]);
                if (!before.ConflictsWith(after) || !orders.Add((before.Point, after.Point))) continue;
                if (targetIndex.TryGetValue((after.Point, before.Point), out int flipped)) RemoveTarget(flipped); // now seen both ways
                else targetIndex[(before.Point, after.Point)] = AddTarget(new FlipTarget(Delayed: before, Awaited: after));
            }
    }

    int AddTarget(FlipTarget target)
    {
        targets.Add(target);
        return targets.Count - 1;
    }

    void RemoveTarget(int index)
    {
        var removed = targets[index];
        targetIndex.Remove((removed.Delayed.Point, removed.Awaited.Point));
        var last = targets[^1];
        targets[index] = last;
        targets.RemoveAt(targets.Count - 1);
        if (index < targets.Count) targetIndex[(last.Delayed.Point, last.Awaited.Point)] = index;
    }
}

/// <summary>An order to try: <see cref="Awaited"/> before <see cref="Delayed"/>, where only the reverse was seen. The
/// strategy holds <see cref="Delayed"/>'s operation back at that point until the awaited access has happened.</summary>
internal readonly record struct FlipTarget(AccessPoint Delayed, AccessPoint Awaited);
