// The integer choices an iteration has drawn so far, per range. A harness draws each request's start time from one
// range, so how the values of one range relate decides which requests overlap: round robin and coinciding iterations
// of the learners shape them (LearningStrategy.ChooseInt).
namespace SimManila.Simulation;

internal sealed class RangeDraws
{
    readonly Dictionary<(int Min, int Max), (int Count, int First)> draws = new();

    public void Clear() => draws.Clear();

    /// <summary>How many values of [min, max) this iteration drew before, and the first of them (undefined when none).</summary>
    public (int Count, int First) Before(int minInclusive, int maxExclusive) =>
        draws.TryGetValue((minInclusive, maxExclusive), out var seen) ? seen : (0, minInclusive);

    public void Record(int minInclusive, int maxExclusive, int value)
    {
        var (count, first) = Before(minInclusive, maxExclusive);
        draws[(minInclusive, maxExclusive)] = (count + 1, count == 0 ? value : first);
    }
}
