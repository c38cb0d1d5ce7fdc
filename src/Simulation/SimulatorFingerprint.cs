// The program's own cheap summary of its visible state, which the learning strategy folds into its abstraction of the
// state at each scheduling decision (Coyote's state-hashing functions play the same part).
namespace SimManila.Simulation;

public sealed partial class Simulator
{
    /// <summary>A cheap hash of the program state that matters (a counter, a status, a queue length); called at every
    /// scheduling decision of the learning strategy, so it must be fast, side-effect free and deterministic (never
    /// string.GetHashCode, which differs between processes). Null: the abstraction uses the operations alone.</summary>
    public Func<ulong>? StateFingerprint { get; set; }
}
