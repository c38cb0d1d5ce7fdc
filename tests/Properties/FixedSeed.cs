// The glue that runs an FsCheck property inside an xunit fact with a fixed seed, so every run checks the same cases.
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace SimManila.Properties.Tests;

internal static class FixedSeed
{
    /// <summary>QuickThrowOnFailure, replaying from <paramref name="seed"/>, with <paramref name="maxTests"/> cases.</summary>
    public static Config Config(ulong seed, int maxTests = 100) =>
        FsCheck.Config.QuickThrowOnFailure
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)))
            .WithMaxTest(maxTests);

    public static void Check(Property property, ulong seed, int maxTests = 100) =>
        property.Check(Config(seed, maxTests));
}
