// A replayed schedule read as Manila's processes talking: which process ran each step (the client, an API worker, the
// scheduler, a share manager), and what the step did, as facts (a request, a cast, a driver call, a status change, a
// lock, an answer). The pictures (MermaidSequence, HtmlTimeline) draw it; the step log's notes are their only source.
using System.Text.RegularExpressions;
using SimManila.Simulation;

namespace SimManila.Scenarios.Pictures;

public enum FactKind { Request, Cast, DriverCall, StatusChange, Lock, Answer, Other }

/// <summary>One thing a step did: <paramref name="To"/> is who it reached (an API worker, a host, "driver host1",
/// "database", "client"), null for what stays within the process.</summary>
public sealed record Fact(FactKind Kind, string Text, string? To);

public sealed record InterleavingStep(int Index, TimeSpan Time, string Operation, string Process, PointKind Kind, string? Resource,
    IReadOnlyList<Fact> Facts, bool Failing, bool InRace);

public sealed partial record Interleaving(string Title, IReadOnlyList<InterleavingStep> Steps, IReadOnlyList<string> Operations,
    string? Failure, IReadOnlyList<string> RaceResources)
{
    public const string Client = "client";
    public const string Database = "database";
    public const string Engine = "(engine)";
    /// <summary>The operation that runs a scenario's (or a ManilaRace's) set-up calls, before the race.</summary>
    public const string Setup = "setup";

    [GeneratedRegex(@"^(?<machine>[a-z_]+) (?<id>\S+): (?<trigger>\S+) -> (?<to>\S+)$")]
    private static partial Regex StatusChange();

    [GeneratedRegex(@"^driver (?<host>[^.\s]+)\.(?<call>.+)$")]
    private static partial Regex DriverCall();

    [GeneratedRegex(@"^(?<op>\S+) answered (?<answer>.+)$")]
    private static partial Regex Answered();

    [GeneratedRegex(@"\b(share|instance|snapshot|snapinstance|access|mapping|server|replica|network|subnet|group)-\d+\b")]
    private static partial Regex ResourceId();

    /// <summary>The process an operation runs in, by Manila's naming: "host1.delete_share_instance" in host1's share
    /// manager, "scheduler.create_share_instance" in the scheduler; a request (a scenario's call, the set-up) starts in
    /// the client and moves into the API worker it reaches.</summary>
    static string HomeOf(string operation)
    {
        int dot = operation.IndexOf('.');
        return dot > 0 ? operation[..dot] : Client;
    }

    /// <summary>Reads a replay's step log (produced with produceLog); <paramref name="bug"/> marks the failing step and
    /// the resources its message names: the steps that touch them once the racing calls have started are the race's.</summary>
    public static Interleaving From(string title, IReadOnlyList<StepRecord> log, BugReport? bug)
    {
        ArgumentNullException.ThrowIfNull(log);
        var race = bug is null ? [] : ResourceId().Matches(bug.Message).Select(m => m.Value).Distinct().ToList();
        var where = new Dictionary<string, string>(StringComparer.Ordinal);
        var steps = new List<InterleavingStep>();
        var operations = new List<string>();
        bool raceStarted = false;
        foreach (var record in log)
        {
            if (record.OperationName == Engine) continue; // the bug itself: Failure says it
            if (!where.TryGetValue(record.OperationName, out var process))
            {
                where[record.OperationName] = process = HomeOf(record.OperationName);
                operations.Add(record.OperationName);
            }
            var facts = new List<Fact>();
            if (record.Kind == PointKind.Receive && record.Resource is { } r && r.StartsWith("api:", StringComparison.Ordinal))
            {
                // A request reaches an API worker: from here on the operation runs there.
                var worker = r["api:".Length..];
                facts.Add(new Fact(FactKind.Request, FirstOf(record.Note) ?? "request", worker));
                where[record.OperationName] = worker;
                facts.AddRange(Facts(Rest(record.Note), record));
            }
            else if (record.Kind == PointKind.Receive && record.Resource?.StartsWith("rpc:", StringComparison.Ordinal) == true)
            {
                facts.AddRange(Facts(Rest(record.Note), record)); // its cast is the message; the pick-up says nothing more
            }
            else if (record.Kind != PointKind.Start) // a start's note repeats the request its receive shows
            {
                facts.AddRange(Facts(record.Note, record));
            }
            bool failing = bug is not null && record.Index == bug.Step;
            raceStarted |= HomeOf(record.OperationName) == Client && record.OperationName != Setup;
            bool inRace = raceStarted && race.Count > 0 && (Mentions(record.Note, race) || Mentions(record.Resource, race));
            steps.Add(new InterleavingStep(record.Index, record.Time, record.OperationName, process, record.Kind, record.Resource, facts, failing, inRace));
        }
        // The failing step is the last one of its index that did something (the engine's own record is skipped).
        if (bug is not null && !steps.Any(s => s.Failing && s.Facts.Count > 0))
        {
            int last = steps.FindLastIndex(s => s.Index <= bug.Step);
            if (last >= 0) steps[last] = steps[last] with { Failing = true };
        }
        return new Interleaving(title, steps, operations, bug is null ? null : $"{bug.Kind}: {bug.Message}", race);
    }

    static string? FirstOf(string? note) => note?.Split("; ", 2)[0];
    static string? Rest(string? note) => note is null || !note.Contains("; ", StringComparison.Ordinal) ? null : note.Split("; ", 2)[1];

    static bool Mentions(string? text, IReadOnlyList<string> ids) =>
        text is not null && ids.Any(id => Regex.IsMatch(text, $@"\b{Regex.Escape(id)}\b"));

    static IEnumerable<Fact> Facts(string? note, StepRecord record)
    {
        if (note is null) yield break;
        var parts = note.Split("; ");
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (i == 0 && record.Kind == PointKind.Send && record.Resource is { } r && r.StartsWith("rpc:", StringComparison.Ordinal))
                yield return new Fact(FactKind.Cast, "cast " + part, r["rpc:".Length..]);
            else if (i == 0 && record.Kind == PointKind.Send && record.Resource?.StartsWith("backend:", StringComparison.Ordinal) == true
                     && parts.Length > 1 && DriverCall().IsMatch(parts[1]))
                continue; // the driver's own line follows
            else if (DriverCall().Match(part) is { Success: true } driver)
                yield return new Fact(FactKind.DriverCall, driver.Groups["call"].Value, "driver " + driver.Groups["host"].Value);
            else if (StatusChange().Match(part) is { Success: true } change)
                yield return new Fact(FactKind.StatusChange,
                    $"{change.Groups["id"].Value} → {change.Groups["to"].Value} ({change.Groups["trigger"].Value})", Database);
            else if (Answered().Match(part) is { Success: true } answer)
                yield return new Fact(FactKind.Answer, answer.Groups["answer"].Value, Client);
            else if (part.StartsWith("lock ", StringComparison.Ordinal))
                yield return new Fact(FactKind.Lock, part, null);
            else
                yield return new Fact(FactKind.Other, part, null);
        }
    }
}
