// A virtual-time timer: each tick runs as a new operation "name#n"; periodic until stopped or past the horizon.
namespace SimManila.Simulation;

public sealed class SimTimer
{
    internal SimTimer(string name, TimeSpan period, Func<Task> tick)
    {
        Name = name;
        Period = period;
        Tick = tick;
    }

    public string Name { get; }
    public TimeSpan Period { get; }
    internal Func<Task> Tick { get; }
    public int TickCount { get; internal set; }
    public bool IsStopped { get; private set; }

    public void Stop() => IsStopped = true;
}
