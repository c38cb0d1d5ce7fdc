// Deterministic ids from per-prefix counters ("share-1", "snap-2"); Manila's UUIDs would break byte-identical traces.
namespace SimManila.Services;

public sealed class IdGenerator
{
    readonly Dictionary<string, int> next = new(StringComparer.Ordinal);

    public string Next(string prefix)
    {
        next.TryGetValue(prefix, out int n);
        next[prefix] = ++n;
        return prefix + "-" + n;
    }
}
