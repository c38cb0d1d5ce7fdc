// The seed FsCheck replays a property from: "(seed,gamma)" or "(seed,gamma,size)" as FsCheck prints it after a
// failure, or one derived from the run seed. FsCheck's generator takes only an odd gamma (an even one, given to
// [Property(Replay = ...)], throws where xunit cannot catch it and the test host dies), so text is checked here first.
using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace SimManila.Properties.Tests;

public readonly record struct ReplaySeed(ulong Seed, ulong Gamma, int? Size = null)
{
    /// <summary>SplitMix's golden gamma: odd, and what FsCheck's own seeds are mixed towards.</summary>
    public const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    public static ReplaySeed FromRunSeed(ulong runSeed) => new(runSeed, GoldenGamma);

    /// <summary>The run's seed: SIMMANILA_SEED when set (CI sets the commit hash), else the fixed default.</summary>
    public static ReplaySeed OfThisRun => FromRunSeed(RunSeed.Value);

    public static bool TryParse(string? text, out ReplaySeed seed, out string error)
    {
        seed = default;
        error = "";
        var parts = (text ?? "").Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 2 or > 3
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gamma))
        {
            error = $"Replay '{text}' is not (seed,gamma) or (seed,gamma,size) in unsigned decimal numbers, as FsCheck prints it after a failure";
            return false;
        }
        int? size = null;
        if (parts.Length == 3)
        {
            if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                error = $"Replay '{text}': size '{parts[2]}' is not a non-negative whole number";
                return false;
            }
            size = n;
        }
        if (gamma % 2 == 0)
        {
            error = $"Replay '{text}': gamma {gamma} is even, and FsCheck's generator takes only an odd gamma; "
                + "paste the (seed,gamma) FsCheck printed, whose gamma is always odd";
            return false;
        }
        seed = new ReplaySeed(s, gamma, size);
        return true;
    }

    /// <summary>As FsCheck's Replay settings take it.</summary>
    public Replay ToFsCheck() => new(new Rnd(Seed, Gamma), Size is { } size ? FSharpOption<int>.Some(size) : FSharpOption<int>.None);

    /// <summary>The text FsCheck.Xunit's Replay parses (and prints).</summary>
    public override string ToString() => Size is { } size ? $"({Seed},{Gamma},{size})" : $"({Seed},{Gamma})";
}
