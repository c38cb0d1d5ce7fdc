// A shielded region of one operation: work an outside system finishes even when the operation's process crashes.
namespace SimManila.Simulation;

public readonly struct ShieldScope : IDisposable
{
    readonly SimOperation? op;

    internal ShieldScope(SimOperation op) { this.op = op; }

    public void Dispose()
    {
        if (op is not null) op.Shield--;
    }
}
