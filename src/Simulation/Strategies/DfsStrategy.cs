// Systematic search: enumerates decision sequences (schedules and choices) depth-first, one per iteration, within a
// preemption or delay bound, optionally pruning interleavings equivalent under the points' resources (sleep sets).
namespace SimManila.Simulation;

/// <summary>How DFS bounds the schedules it enumerates (explored with iterative deepening: bound 0, 1, 2, ...).</summary>
public enum DfsBounding
{
    /// <summary>Every schedule.</summary>
    None,
    /// <summary>At most k preemptions: switches away from the operation that ran last while it is still ready.</summary>
    Preemptions,
    /// <summary>At most k delays of a deterministic round-robin scheduler (by operation id, from the one that ran last):
    /// running the j-th operation in that order instead of the first costs j.</summary>
    Delays,
}

/// <summary>
/// Keeps the current path as one node per decision. Each iteration follows the path and extends it with each new
/// node's first alternative; afterwards the deepest node with an untried alternative is advanced. At a schedule
/// decision the alternatives are the ready operations in the scheduler's own order: the one that ran last first (so
/// the first schedule preempts nothing), then by id (for Delays: round robin from the last one's id). An alternative
/// is skipped when its cost would take the path past the bound (<see cref="CutByBound"/>) or, with reduction, when
/// it is asleep: its step is independent of everything run since an equivalent order was explored (Godefroid's sleep
/// sets; every reachable state is still visited, so checks after each step lose nothing). A schedule whose every
/// alternative is skipped is cut short. Runs on one thread.
/// </summary>
internal sealed class DfsStrategy : SchedulingStrategy
{
    /// <summary>A decision on the path. Schedule nodes keep their alternatives' costs, whether each was asleep, and
    /// their step's access, so later iterations can follow, advance and rebuild the sleep sets without the program.</summary>
    sealed class Node
    {
        public int Choice, Count, SpentBefore;
        public bool Schedule;
        public int[] Costs = [];
        public bool[] Asleep = [];
        public Step[] Steps = [];
    }

    /// <summary>An operation's pending step: its id, its access (null: undeclared, dependent with everything) and the
    /// number of times it had been enabled (a sleeping step that got disabled or replaced wakes up).</summary>
    readonly record struct Step(int Operation, PointKind Kind, string? Domain, int Enabled)
    {
        public bool IndependentOf(Step other) =>
            Operation != other.Operation && Domain is not null && other.Domain is not null
            && (!string.Equals(Domain, other.Domain, StringComparison.Ordinal) || (Kind == PointKind.Read && other.Kind == PointKind.Read));
    }

    readonly DfsBounding bounding;
    readonly int bound;
    readonly bool reduce;
    readonly List<Node> path = new();
    int position, spent;
    bool exhausted;
    SimOperation? last;
    readonly List<Step> sleeping = new();
    readonly List<int> enabledCounts = new();
    bool forcedSleeper;
    SimOperation[] order = new SimOperation[16];

    public DfsStrategy(DfsBounding bounding = DfsBounding.None, int bound = int.MaxValue, bool reduce = false)
    {
        this.bounding = bounding;
        this.bound = bounding == DfsBounding.None ? int.MaxValue : bound;
        this.reduce = reduce;
    }

    public override string Name => bounding switch
    {
        DfsBounding.Preemptions => $"dfs/preemptions<={bound}",
        DfsBounding.Delays => $"dfs/delays<={bound}",
        _ => "dfs",
    } + (reduce ? "+reduction" : "");

    public bool Exhausted => exhausted;

    /// <summary>Some alternative was skipped because of the bound: a higher bound has more to explore.</summary>
    public bool CutByBound { get; private set; }

    /// <summary>Schedules cut short because every alternative left was asleep (equivalent to explored ones).</summary>
    public long CutByReduction { get; private set; }

    public override void BeginIteration(ulong seed, long iteration)
    {
        position = 0;
        spent = 0;
        last = null;
        sleeping.Clear();
        enabledCounts.Clear();
        forcedSleeper = false;
    }

    public override bool EndIteration()
    {
        int length = position; // a shorter run than the path (it cannot be, for a deterministic program) truncates it
        path.RemoveRange(length, path.Count - length);
        while (path.Count > 0)
        {
            var node = path[^1];
            for (int c = node.Choice + 1; c < node.Count; c++)
            {
                if (!Viable(node, c)) continue;
                node.Choice = c;
                return true;
            }
            path.RemoveAt(path.Count - 1);
        }
        exhausted = true;
        return false;
    }

    bool Viable(Node node, int c)
    {
        if (!node.Schedule) return true;
        if (node.Asleep[c]) return false;
        if (node.SpentBefore + node.Costs[c] > bound)
        {
            CutByBound = true;
            return false;
        }
        return true;
    }

    public override void OnEnabled(SimOperation op)
    {
        while (enabledCounts.Count <= op.Id) enabledCounts.Add(0);
        enabledCounts[op.Id]++;
    }

    public override void OnStepped(SimOperation op, PointKind kind, string? resource, SimOperation[] ready, int count)
    {
        last = op;
        if (!reduce || sleeping.Count == 0) return;
        var ran = StepOf(op, kind, resource);
        for (int i = sleeping.Count - 1; i >= 0; i--)
        {
            var z = sleeping[i];
            if (z.Operation == op.Id)
            {
                forcedSleeper = true; // the only ready operation was asleep: this schedule repeats an explored one
                sleeping.RemoveAt(i);
            }
            else if (!z.IndependentOf(ran) || !StillPending(z, ready, count)) sleeping.RemoveAt(i);
        }
    }

    bool StillPending(Step z, SimOperation[] ready, int count)
    {
        for (int i = 0; i < count; i++)
            if (ready[i].Id == z.Operation) return enabledCounts[z.Operation] == z.Enabled;
        return false;
    }

    /// <summary>A step's access for the independence check: a declared resource (after the program's
    /// ResourceDomain), a start the program declared local (a resource of its own), or null (commutes with nothing).</summary>
    Step StepOf(SimOperation op, PointKind kind, string? resource)
    {
        string? domain = null;
        if (resource is not null && kind is PointKind.Read or PointKind.Write or PointKind.Acquire or PointKind.Release or PointKind.Send or PointKind.Receive)
            domain = op.Sim.ResourceDomain is { } map ? map(resource) : resource;
        else if (kind == PointKind.Start && op.Sim.StartsAreLocal)
            domain = "\0start#" + op.Id;
        return new Step(op.Id, kind, domain, op.Id < enabledCounts.Count ? enabledCounts[op.Id] : 0);
    }

    public override int PickNext(Simulator sim, SimOperation[] ready, int count)
    {
        if (forcedSleeper) return Cut();
        Order(ready, count);
        Node node;
        if (position < path.Count)
        {
            node = path[position];
            if (!node.Schedule || node.Count != count)
            {
                sim.Diverged($"DFS: decision {position} had {node.Count} alternatives, now {count} ready operations; the program is not deterministic");
                return 0;
            }
        }
        else
        {
            node = new Node { Schedule = true, Count = count, SpentBefore = spent, Costs = new int[count], Asleep = new bool[count], Steps = new Step[count] };
            bool lastReady = last is { ReadyIndex: >= 0 } l && l.ReadyIndex < count && ready[l.ReadyIndex] == l;
            for (int i = 0; i < count; i++)
            {
                node.Costs[i] = bounding switch { DfsBounding.Preemptions => lastReady && i > 0 ? 1 : 0, DfsBounding.Delays => i, _ => 0 };
                node.Steps[i] = StepOf(order[i], order[i].PendingKind, order[i].PendingResource);
                node.Asleep[i] = reduce && IsAsleep(order[i].Id);
            }
            node.Choice = -1;
            for (int c = 0; c < count && node.Choice < 0; c++)
                if (Viable(node, c)) node.Choice = c;
            // The scheduler's own choice (cost 0) is never over the bound, so nothing viable means everything sleeps.
            if (node.Choice < 0) return Cut();
            path.Add(node);
        }
        FollowSleepSets(node);
        spent += node.Costs[node.Choice];
        position++;
        return order[node.Choice].ReadyIndex;
    }

    /// <summary>Cuts this schedule short (the loop ends the iteration without a bug): it repeats explored ones.</summary>
    int Cut()
    {
        CutByReduction++;
        return -1;
    }

    bool IsAsleep(int operation)
    {
        foreach (var z in sleeping)
            if (z.Operation == operation) return true;
        return false;
    }

    /// <summary>The child's sleep set: what slept here, plus the alternatives explored before the chosen one, minus
    /// whatever the chosen step does not commute with.</summary>
    void FollowSleepSets(Node node)
    {
        if (!reduce) return;
        var chosen = node.Steps[node.Choice];
        for (int c = 0; c < node.Choice; c++)
            if (!node.Asleep[c] && node.SpentBefore + node.Costs[c] <= bound && !IsAsleep(node.Steps[c].Operation)) sleeping.Add(node.Steps[c]);
        for (int i = sleeping.Count - 1; i >= 0; i--)
            if (!sleeping[i].IndependentOf(chosen)) sleeping.RemoveAt(i);
    }

    /// <summary>The ready operations in the scheduler's order (into <see cref="order"/>): the one that ran last first,
    /// then by id; for Delays, round robin by id from the one that ran last.</summary>
    void Order(SimOperation[] ready, int count)
    {
        if (order.Length < count) order = new SimOperation[Math.Max(count, order.Length * 2)];
        Array.Copy(ready, order, count);
        Array.Sort(order, 0, count, ById.Instance);
        if (last is null) return;
        int start = 0;
        if (bounding == DfsBounding.Delays)
        {
            while (start < count && order[start].Id < last.Id) start++; // the first at or after the last one, cyclically
            if (start == count) start = 0;
            Rotate(count, start);
            return;
        }
        for (int i = 0; i < count; i++)
        {
            if (order[i] != last) continue;
            for (int j = i; j > 0; j--) order[j] = order[j - 1];
            order[0] = last;
            return;
        }
    }

    void Rotate(int count, int start)
    {
        if (start == 0) return;
        var copy = order.AsSpan(0, count).ToArray();
        for (int i = 0; i < count; i++) order[i] = copy[(start + i) % count];
    }

    sealed class ById : IComparer<SimOperation>
    {
        public static readonly ById Instance = new();
        public int Compare(SimOperation? a, SimOperation? b) => a!.Id.CompareTo(b!.Id);
    }

    int Next(Simulator sim, int count, string what)
    {
        if (position < path.Count)
        {
            var node = path[position];
            if (node.Schedule || node.Count != count)
            {
                sim.Diverged($"DFS: decision {position} had {node.Count} alternatives, now {count} ({what}); the program is not deterministic");
                return 0;
            }
            position++;
            return node.Choice;
        }
        path.Add(new Node { Count = count, SpentBefore = spent });
        position++;
        return 0;
    }

    public override bool ChooseBool(Simulator sim, double probability) => Next(sim, 2, "bool choice") == 1;

    public override int ChooseInt(Simulator sim, int minInclusive, int maxExclusive) =>
        minInclusive + Next(sim, maxExclusive - minInclusive, "int choice");
}
