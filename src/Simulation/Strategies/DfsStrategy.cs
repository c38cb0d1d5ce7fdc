// Bounded exhaustive search: enumerates every decision sequence (schedules and choices) depth-first, one per iteration.
namespace SimManila.Simulation;

/// <summary>
/// Keeps the current path as (choice, bound) pairs. Each iteration follows the path and extends it with choice 0;
/// afterwards the deepest decision with an untried alternative is advanced. When none is left the space is exhausted.
/// Bounded by the step limit per iteration and the iteration budget of the run. Runs on one thread.
/// </summary>
internal sealed class DfsStrategy : SchedulingStrategy
{
    int[] choices = new int[256];
    int[] bounds = new int[256];
    int pathLength;
    int position;
    bool exhausted;

    public override string Name => "dfs";

    public bool Exhausted => exhausted;

    public override void BeginIteration(ulong seed, long iteration) => position = 0;

    public override bool EndIteration()
    {
        pathLength = position; // a shorter run than the path (it cannot be, for a deterministic program) truncates it
        while (pathLength > 0 && choices[pathLength - 1] + 1 >= bounds[pathLength - 1]) pathLength--;
        if (pathLength == 0)
        {
            exhausted = true;
            return false;
        }
        choices[pathLength - 1]++;
        return true;
    }

    int Next(Simulator sim, int bound, string what)
    {
        if (position < pathLength)
        {
            if (bounds[position] != bound)
            {
                sim.Diverged($"DFS: decision {position} had {bounds[position]} alternatives, now {bound} ({what}); the program is not deterministic");
                return 0;
            }
            return choices[position++];
        }
        if (position == choices.Length)
        {
            Array.Resize(ref choices, choices.Length * 2);
            Array.Resize(ref bounds, bounds.Length * 2);
        }
        choices[position] = 0;
        bounds[position] = bound;
        position++;
        return 0;
    }

    public override int PickNext(Simulator sim, SimOperation[] ready, int count) => Next(sim, count, "ready operations");

    public override bool ChooseBool(Simulator sim, double probability) => Next(sim, 2, "bool choice") == 1;

    public override int ChooseInt(Simulator sim, int minInclusive, int maxExclusive) =>
        minInclusive + Next(sim, maxExclusive - minInclusive, "int choice");
}
