// The execution-backend seam: what runs an iteration's steps once the program has set it up. Our loop is one backend
// (one thread, the strategy picks each next ready step); src/Simulation.Coyote is another (one thread per operation,
// Coyote's scheduler picks). Operations, primitives, virtual time, choices and checks are the Simulator's, the same
// for every backend, so simulated code never knows which one runs it.
namespace SimManila.Simulation;

internal abstract class ExecutionBackend
{
    /// <summary>The default backend: the Simulator's own loop.</summary>
    public static readonly ExecutionBackend OurLoop = new LoopBackend();

    /// <summary>Runs every step of the iteration (on the calling thread or elsewhere) until nothing is left to run,
    /// a bug is recorded, or the step limit is reached; returns once the iteration is over.</summary>
    public abstract void Run(Simulator sim);

    /// <summary>A new operation was spawned; it is already ready, at its Start point.</summary>
    public virtual void OnSpawn(Simulator sim, SimOperation op) { }

    /// <summary>True on a thread this backend runs steps on: a continuation posted from anywhere else is
    /// uncontrolled concurrency.</summary>
    public abstract bool IsStepThread(Simulator sim);

    sealed class LoopBackend : ExecutionBackend
    {
        public override void Run(Simulator sim) => sim.Loop();

        public override bool IsStepThread(Simulator sim) => Environment.CurrentManagedThreadId == sim.LoopThreadId;
    }
}
