// What an execution backend other than our loop needs from the Simulator: the ready set's size, and one chosen step
// run the way the loop runs it (step limit, the decision recorded as ours, the step and its checks).
namespace SimManila.Simulation;

public sealed partial class Simulator
{
    internal int ReadyCount => readyCount;
    internal int LoopThreadId => loopThreadId;

    /// <summary>
    /// Runs one step of <paramref name="op"/>, which the backend's own scheduler picked among the ready operations:
    /// the pick is recorded as our Schedule decision when two or more were ready, exactly as the loop records it, so
    /// the iteration replays on our loop too.
    /// </summary>
    internal void RunChosenStep(SimOperation op)
    {
        if (op.ReadyIndex < 0) throw new InvalidOperationException($"operation '{op.Name}' is not ready");
        if (stepCount >= maxSteps)
        {
            FailStepLimit();
            return;
        }
        if (readyCount > 1) decisions.Add(Decision.Schedule(op.Id, readyCount));
        RunStep(op);
    }

    void FailStepLimit() => Fail(Simulation.BugKind.StepLimit,
        $"step limit {maxSteps} exceeded with {readyCount} operation(s) still ready (livelock?)", null);
}
