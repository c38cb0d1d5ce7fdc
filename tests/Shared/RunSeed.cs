// The seed a test run explores with: fixed by default so a failure reproduces; CI sets SIMMANILA_SEED (the commit
// hash) so each commit explores new cases and still reproduces from it. One copy, linked into every test project.
using System.Globalization;

namespace SimManila.Tests;

internal static class RunSeed
{
    public const string Variable = "SIMMANILA_SEED";
    public const ulong Default = 20261121;

    public static ulong Value => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Hex digits (a commit hash) as a number; any other text hashed (FNV-1a); nothing is the default.</summary>
    public static ulong Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Default;
        if (ulong.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex)) return hex;
        ulong hash = 14695981039346656037UL;
        foreach (char c in text) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }
}
