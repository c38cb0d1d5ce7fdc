// A controlled counting semaphore: a wait is a scheduling point enabled while the count is positive.
namespace SimManila.Simulation;

public sealed class SimSemaphore : SimWaitable
{
    internal SimSemaphore(Simulator sim, string name, int initialCount) : base(sim, name)
    {
        if (initialCount < 0) throw new ArgumentOutOfRangeException(nameof(initialCount), initialCount, "must be >= 0");
        CurrentCount = initialCount;
    }

    public int CurrentCount { get; private set; }

    public PointAwaitable WaitAsync() => new(Sim, this, PointKind.Acquire, Name, null);

    public void Release()
    {
        CurrentCount++;
        StateChanged();
    }

    internal override bool CanGrant(SimOperation op) => CurrentCount > 0;
    internal override void Grant(SimOperation op) => CurrentCount--;
    internal override string DescribeWait(SimOperation op) => $"waits on semaphore '{Name}' (count 0)";
}
