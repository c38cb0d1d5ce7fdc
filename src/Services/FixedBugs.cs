// Races Manila has fixed, whose pre-fix behaviour a Legacy deployment can switch back on to reproduce them.
namespace SimManila.Services;

public static class FixedBugs
{
    /// <summary>70f59f7b7: update_access did not look for rules queued while the driver applied a batch, so a rule
    /// allowed meanwhile was never applied.</summary>
    public const string AccessNotRequeued = "LP 1550295";

    /// <summary>f7783776b: promote wrote the new active replica before demoting the old one, so two actives were
    /// visible in between.</summary>
    public const string PromoteNewActiveFirst = "LP 1664201";

    public static IReadOnlyList<string> All { get; } = [AccessNotRequeued, PromoteNewActiveFirst];
}
