// What the program declares about its steps for DFS's reduction: which resource keys name the same resource, and
// whether an operation's first step (its start, up to its first point) touches shared state.
namespace SimManila.Simulation;

public sealed partial class Simulator
{
    /// <summary>
    /// Maps a point's resource key to the resource it stands for: reduction (SimSettings.Reduction) treats two steps
    /// as commuting only when their points name different resources (or both read one). Null: every key is its own
    /// resource. A program whose keys overlap (a query by scope and a write by row of one table) maps them together.
    /// </summary>
    public Func<string, string>? ResourceDomain { get; set; }

    /// <summary>
    /// True when every operation's start step (its body up to its first point) touches only the operation's own
    /// state, so reduction may move it past any other step. False (the default): a start commutes with nothing.
    /// </summary>
    public bool StartsAreLocal { get; set; }
}
