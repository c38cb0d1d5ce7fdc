// A controlled bounded FIFO channel: a send is enabled while there is room, a receive while there is an item.
namespace SimManila.Simulation;

public sealed class SimChannel<T> : SimWaitable, IResultSource<T>
{
    readonly Queue<T> buffer;
    readonly List<(SimOperation sender, T item)> pendingSends = new(2);
    T? received;

    internal SimChannel(Simulator sim, string name, int capacity) : base(sim, name)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "channel capacity must be >= 1");
        Capacity = capacity;
        buffer = new Queue<T>(capacity);
    }

    public int Capacity { get; }
    public int Count => buffer.Count;

    public PointAwaitable SendAsync(T item)
    {
        pendingSends.Add((Sim.CurrentOrThrow(), item));
        return new PointAwaitable(Sim, this, PointKind.Send, Name, null);
    }

    public ValueAwaitable<T> ReceiveAsync() => new(Sim, this, this, PointKind.Receive, -1);

    /// <summary>Takes an item without waiting; not a scheduling point.</summary>
    public bool TryReceive(out T item)
    {
        if (buffer.Count == 0) { item = default!; return false; }
        item = buffer.Dequeue();
        StateChanged();
        return true;
    }

    /// <summary>Adds an item without waiting if there is room; not a scheduling point.</summary>
    public bool TrySend(T item)
    {
        if (buffer.Count >= Capacity) return false;
        buffer.Enqueue(item);
        StateChanged();
        return true;
    }

    internal override bool CanGrant(SimOperation op) =>
        op.PendingKind == PointKind.Send ? buffer.Count < Capacity : buffer.Count > 0;

    internal override void Grant(SimOperation op)
    {
        if (op.PendingKind == PointKind.Send)
        {
            for (int i = 0; i < pendingSends.Count; i++)
            {
                if (pendingSends[i].sender != op) continue;
                buffer.Enqueue(pendingSends[i].item);
                pendingSends.RemoveAt(i);
                return;
            }
            throw new InvalidOperationException($"channel '{Name}': no pending send of '{op.Name}'");
        }
        received = buffer.Dequeue();
    }

    internal override string DescribeWait(SimOperation op) => op.PendingKind == PointKind.Send
        ? $"waits to send on channel '{Name}' (full, {Capacity} items)"
        : $"waits to receive on channel '{Name}' (empty)";

    T IResultSource<T>.GetResult(SimOperation op)
    {
        var item = received!;
        received = default;
        return item;
    }
}
