// The requests of a program and the work each started, and the two orders the portfolio opens with that follow them.
// Requests are the operations spawned outside any operation (a program's threads, a harness's setup) and those these
// spawn (the calls a harness's setup starts); what any other operation spawns (a cast's handler, the manager call a
// scheduler casts on) works for its spawner's request.
namespace SimManila.Simulation;

internal sealed class RequestOrder
{
    const long WorkClass = 1L << 62;
    long[] keys = new long[16]; // by operation id: requests before work, then by request, then by id
    int[] requestOf = new int[16];
    bool[] topLevel = new bool[16];

    public void OnSpawn(SimOperation op)
    {
        int id = op.Id, parent = op.SpawnedBy;
        if (id >= keys.Length)
        {
            int length = Math.Max(id + 1, keys.Length * 2);
            Array.Resize(ref keys, length);
            Array.Resize(ref requestOf, length);
            Array.Resize(ref topLevel, length);
        }
        topLevel[id] = parent < 0;
        bool request = parent < 0 || topLevel[parent];
        requestOf[id] = request ? id : requestOf[parent];
        keys[id] = (request ? 0 : WorkClass) | (long)requestOf[id] << 31 | (uint)id;
    }

    /// <summary>Round robin over the ready requests, else over the ready work in request order: the next after the
    /// operation that ran last (<paramref name="lastRan"/>), else the first. Two requests that take the same steps both
    /// make their check before either writes; the work they cast then starts in the order of the requests.</summary>
    public int Lockstep(SimOperation[] ready, int count, int lastRan)
    {
        bool anyRequest = false;
        for (int i = 0; i < count && !anyRequest; i++) anyRequest = keys[ready[i].Id] < WorkClass;
        long last = lastRan < 0 ? -1 : keys[lastRan];
        int next = -1, first = -1;
        for (int i = 0; i < count; i++)
        {
            long key = keys[ready[i].Id];
            if (anyRequest && key >= WorkClass) continue;
            if (first < 0 || key < keys[ready[first].Id]) first = i;
            if (key > last && (next < 0 || key < keys[ready[next].Id])) next = i;
        }
        return next >= 0 ? next : first;
    }

    /// <summary>The requests in lockstep, then their work one request at a time: the first request's work runs until it
    /// waits, as a manager takes one cast after another. A cast that is handled before one sent earlier needs this.</summary>
    public int RequestByRequest(SimOperation[] ready, int count, int lastRan)
    {
        int first = 0;
        for (int i = 1; i < count; i++)
            if (keys[ready[i].Id] < keys[ready[first].Id]) first = i;
        return keys[ready[first].Id] < WorkClass ? Lockstep(ready, count, lastRan) : first;
    }
}
