// One operation at a time: a large machine (the share instance's 35 states and over a hundred edges) drawn whole is
// legible only zoomed in, so its pages add one small diagram per operation (the transitions of delete, of snapshot
// work, of replication, of migration, ...), chosen by the trigger names, which say what each transition belongs to.
namespace SimManila.StateMachines;

/// <summary>An operation's transitions: those whose trigger <see cref="Includes"/> accepts.</summary>
public sealed record OperationView(string Name, string Title, Func<string, bool> Includes);

public static class OperationViews
{
    /// <summary>A machine gets per-operation views from this many expanded edges on.</summary>
    public const int MinimumEdges = 40;

    static Func<string, bool> Any(params string[] words) => trigger => words.Any(w => trigger.Contains(w, StringComparison.Ordinal));

    public static IReadOnlyList<OperationView> All { get; } =
    [
        new("create", "Create", trigger => trigger.Contains("create", StringComparison.Ordinal) && !trigger.Contains("replica", StringComparison.Ordinal)
            && !trigger.Contains("backup", StringComparison.Ordinal) || trigger.StartsWith("scheduler.", StringComparison.Ordinal)
            || trigger.StartsWith("periodic.share_status", StringComparison.Ordinal)),
        new("delete", "Delete (and force delete)", Any("delete")),
        new("resize", "Extend and shrink", Any("extend", "shrink")),
        new("snapshot", "Snapshot work (Guarded's snapshotting, revert to snapshot)", Any("snapshot", "revert")),
        new("replication", "Replication (replica create, delete, promote, resync, polls)", Any("replica", "promote", "resync")),
        new("migration", "Migration (share and share-server)", Any("migration")),
        new("manage", "Manage, unmanage, transfer, backup, ensure", Any("manage", "transfer", "backup", "ensure")),
    ];

    /// <summary>The views worth drawing for <paramref name="machine"/>: none for a small machine, else each view with at
    /// least one transition.</summary>
    public static IReadOnlyList<OperationView> For(StateMachine machine) =>
        machine.Edges().Count() < MinimumEdges ? [] : [.. All.Where(v => machine.Transitions.Any(t => v.Includes(t.Trigger)))];
}
