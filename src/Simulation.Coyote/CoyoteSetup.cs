// The one place a Coyote Configuration is made: telemetry off (Coyote's client is process-wide and would otherwise send
// usage data), bounds that leave the step limit to our Simulator, and a deadlock monitor that tolerates a loaded machine.
using Microsoft.Coyote;

namespace SimManila.Simulation.Coyote;

internal static class CoyoteSetup
{
    /// <summary>Coyote's background hang monitor fires when no scheduling step happens for this long (wall clock).
    /// Real hangs are caught as our Deadlock long before; this only has to outlast a slow step on a busy machine.</summary>
    const uint HangTimeoutMs = 60_000;

    public static Configuration Create(int maxSteps)
    {
        // Every one of our steps is at least one Coyote scheduling step (choices and waits add more), so our step limit
        // normally ends a livelock first; Coyote's own bound is a backstop (see CoyoteIterations: reported as StepLimit).
        uint unfair = (uint)Math.Min(int.MaxValue / 20L, 4L * maxSteps + 1000);
        return Configuration.Create()
            .WithTelemetryEnabled(false)
            .WithMaxSchedulingSteps(unfair, 10 * unfair)
            .WithDeadlockTimeout(HangTimeoutMs);
    }

    /// <summary>
    /// Coyote's 32-bit seed for a run seed, mixed (SplitMix64) as our iteration seeds are: Coyote runs iteration i with
    /// its seed + i, so run seeds used as they are would make runs 1, 2, 3 ... the same sequence shifted by one.
    /// </summary>
    public static uint Seed(ulong runSeed) => (uint)(SimRandom.Mix(runSeed) >> 32);
}
