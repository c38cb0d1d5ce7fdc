// Races Manila has fixed, whose pre-fix behaviour a Legacy deployment can switch back on to reproduce them.
namespace SimManila.Services;

public static class FixedBugs
{
    /// <summary>70f59f7b7: update_access did not look for rules queued while the driver applied a batch, so a rule
    /// allowed meanwhile was never applied.</summary>
    public const string AccessNotRequeued = "LP 1550295";

    public static IReadOnlyList<string> All { get; } = [AccessNotRequeued];
}
