// Trigger names shared by every definition, and which triggers count as a way out of an error state.
namespace SimManila.StateMachines;

public static class Triggers
{
    public const string ForceDelete = "admin.force_delete";
    public const string ResetStatusPrefix = "admin.reset_status.";

    /// <summary>Guarded gives back a claim a fresh read refused, to the status it was taken from.</summary>
    public static string Refused(string claim, string origin) => $"{claim}.refused.{origin}";

    /// <summary>The admin reset-status trigger that sets <paramref name="target"/>.</summary>
    public static string ResetStatus(string target) => ResetStatusPrefix + target;

    /// <summary>
    /// A way out of an error state that an operator can always take: an admin action, a delete, a deny or an
    /// unmanage (definitions may name more with MachineBuilder.Recovery).
    /// </summary>
    public static bool IsRecoveryByConvention(string trigger) =>
        trigger.StartsWith("admin.", StringComparison.Ordinal)
        || trigger.Contains("delete", StringComparison.Ordinal)
        || trigger.Contains("deny", StringComparison.Ordinal)
        || trigger.Contains("unmanage", StringComparison.Ordinal);
}
