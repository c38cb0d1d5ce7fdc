// FsCheck.Xunit's [Property], seeded for CI: it replays from the run seed (SIMMANILA_SEED, which the gate sets to the
// commit hash, else a fixed default) so every run of a commit checks the same cases; an explicit Replay is checked.
using FsCheck.Xunit;
using Xunit.Sdk;

namespace SimManila.Properties.Tests;

[XunitTestCaseDiscoverer("SimManila.Properties.Tests.SeededPropertyDiscoverer", "SimManila.Properties.Tests")]
public sealed class SeededPropertyAttribute : PropertyAttribute
{
    public SeededPropertyAttribute() => base.Replay = ReplaySeed.OfThisRun.ToString();

    /// <summary>
    /// A replay pasted from a failure, "(seed,gamma)" or "(seed,gamma,size)". Text FsCheck cannot take leaves the run
    /// seed in place and is reported by <see cref="SeededPropertyDiscoverer"/> as the test's failure.
    /// </summary>
    public new string Replay
    {
        get => base.Replay;
        set
        {
            if (ReplaySeed.TryParse(value, out var seed, out var error)) base.Replay = seed.ToString();
            else InvalidReplay = error;
        }
    }

    /// <summary>Why the Replay given cannot be used, or null.</summary>
    public string? InvalidReplay { get; private set; }
}
