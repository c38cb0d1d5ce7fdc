// An untenable-state invariant: a name, a one-line meaning, what it inspects, when it is checked, and the check.
namespace SimManila.Scenarios.Invariants;

public enum InvariantTiming
{
    /// <summary>Cheap: after every scheduling step (reads in-memory evidence, never the database).</summary>
    EveryStep,
    /// <summary>Once the system is quiet: the concurrent calls are done and periodic tasks have had their time.</summary>
    AtQuiet,
}

public abstract class Invariant
{
    /// <summary>kebab-case, used in scenario files' "expect" and in bug messages as "[name]".</summary>
    public abstract string Name { get; }
    public abstract string Meaning { get; }
    public abstract string Inspects { get; }
    public abstract InvariantTiming Timing { get; }

    /// <summary>True for a liveness property (work still unfinished once quiet: a Liveness bug); false for a safety
    /// property, an AssertionFailed bug whenever it is checked.</summary>
    public virtual bool IsLiveness => false;

    /// <summary>Null when the invariant holds; otherwise what is wrong, naming the resources involved.</summary>
    public abstract string? Check(InvariantContext context);

    /// <summary>The prefix a bug message starts with when this invariant breaks.</summary>
    public string Tag => "[" + Name + "]";
}
