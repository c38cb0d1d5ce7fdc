// What a set-up call's arguments must be for Manila to accept it: a set-up call that Manila refuses (a share of size -1,
// an unknown protocol) makes the file wrong, not Manila racy, so the loader refuses it with the argument's path. A
// concurrent call may still send a bad request on purpose: the race may be with a refusal.
using SimManila.Services.Api;

namespace SimManila.Scenarios;

public static class SetupArgumentRules
{
    /// <summary>(call, argument) to what the value must be, as a check returning the expectation when it fails.</summary>
    static readonly Dictionary<(string Call, string Arg), Func<object, string?>> Rules = new()
    {
        [("createShare", "size")] = Positive("a share size in GB >= 1"),
        [("createShare", "protocol")] = v => ApiWorker.KnownProtocols.Contains(((string)v).ToUpperInvariant())
            ? null : $"one of Manila's share protocols ({string.Join(", ", ApiWorker.KnownProtocols)})",
        [("extendShare", "newSize")] = Positive("a new size in GB >= 1"),
        [("shrinkShare", "newSize")] = Positive("a new size in GB >= 1"),
        [("allowAccess", "accessLevel")] = v => v is "rw" or "ro" ? null : "\"rw\" or \"ro\"",
    };

    static Func<object, string?> Positive(string expected) => v => v is int n && n >= 1 ? null : expected;

    /// <summary>Null when Manila can accept <paramref name="value"/> for this argument of a set-up call; else what it expects.</summary>
    public static string? Problem(string call, string arg, object value) =>
        Rules.TryGetValue((call, arg), out var rule) ? rule(value) : null;
}
