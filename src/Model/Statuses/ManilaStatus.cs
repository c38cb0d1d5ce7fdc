// Base of every typed status: a closed set of named values that print, compare and persist as Manila's exact strings.
using System.Runtime.CompilerServices;

namespace SimManila.Model;

/// <summary>Any typed status value; <see cref="Value"/> is Manila's exact string.</summary>
public interface IManilaStatus
{
    string Value { get; }
}

/// <summary>
/// A closed set of status values declared as static fields of <typeparamref name="TSelf"/>. Values compare by string,
/// print as the string, and only declared strings parse, so a typo cannot become a new status.
/// </summary>
public abstract record ManilaStatus<TSelf> : IManilaStatus where TSelf : ManilaStatus<TSelf>
{
    // Filled once by TSelf's static initialiser (single-threaded by the runtime), read-only afterwards.
    private static readonly Dictionary<string, TSelf> byValue = new(StringComparer.Ordinal);
    private static readonly List<TSelf> declared = new();

    public string Value { get; }

    protected ManilaStatus(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    protected static TSelf Define(TSelf status)
    {
        if (!byValue.TryAdd(status.Value, status))
            throw new InvalidOperationException($"{typeof(TSelf).Name} declares '{status.Value}' twice");
        declared.Add(status);
        return status;
    }

    /// <summary>Every declared value, in declaration order.</summary>
    public static IReadOnlyList<TSelf> All
    {
        get { EnsureDeclared(); return declared; }
    }

    public static TSelf Parse(string value)
    {
        EnsureDeclared();
        return byValue.TryGetValue(value, out var status)
            ? status
            : throw new FormatException($"'{value}' is not a {typeof(TSelf).Name}");
    }

    public static bool TryParse(string value, out TSelf? status)
    {
        EnsureDeclared();
        return byValue.TryGetValue(value, out status);
    }

    // RunClassConstructor is a slow runtime call even when the constructor has run; values are parsed per row read.
    private static volatile bool declaredEnsured;

    private static void EnsureDeclared()
    {
        if (declaredEnsured) return;
        RuntimeHelpers.RunClassConstructor(typeof(TSelf).TypeHandle);
        declaredEnsured = true;
    }

    public sealed override string ToString() => Value;

    public static implicit operator string(ManilaStatus<TSelf> status) => status.Value;
}
