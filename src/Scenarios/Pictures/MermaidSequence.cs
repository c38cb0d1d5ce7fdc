// An interleaving as a Mermaid sequenceDiagram (GitHub renders it): the client, the API workers, the scheduler, the
// share managers, their drivers and the database as participants; requests, casts, driver calls, status changes and
// answers as messages, locks and the rest as notes; the race's steps shaded amber, the failing step red.
using System.Globalization;
using System.Text;

namespace SimManila.Scenarios.Pictures;

public static class MermaidSequence
{
    const string RaceShade = "rgb(255, 243, 205)";
    const string FailShade = "rgb(248, 215, 218)";

    public static string Render(Interleaving interleaving)
    {
        ArgumentNullException.ThrowIfNull(interleaving);
        var text = new StringBuilder("sequenceDiagram\n");
        text.Append($"    %% {Escape(interleaving.Title)}\n");
        foreach (var participant in Participants(interleaving))
            text.Append($"    participant {Id(participant)} as {Escape(Shown(participant))}\n");
        foreach (var step in interleaving.Steps.Where(s => s.Facts.Count > 0))
        {
            var shade = step.Failing ? FailShade : step.InRace ? RaceShade : null;
            if (shade is not null) text.Append($"    rect {shade}\n");
            foreach (var fact in step.Facts) text.Append("    ").Append(Line(step, fact)).Append('\n');
            if (step.Failing && interleaving.Failure is { } failure)
                text.Append($"    Note over {Id(step.Process)}: step {step.Index} fails here: {Escape(failure)}\n");
            if (shade is not null) text.Append("    end\n");
        }
        return text.ToString();
    }

    static string Line(InterleavingStep step, Fact fact)
    {
        var from = Id(step.Process);
        var label = Escape($"{step.Index}. {fact.Text}") + (fact.Kind == FactKind.Request ? Escape($" ({step.Operation})") : "");
        return fact.Kind switch
        {
            FactKind.Cast => $"{from}-){Id(fact.To!)}: {label}",
            FactKind.Answer => $"{from}-->>{Id(fact.To!)}: {label}",
            _ when fact.To is not null => $"{from}->>{Id(fact.To)}: {label}",
            _ => $"Note over {from}: {label}",
        };
    }

    /// <summary>In the order a reader expects: client, API workers, scheduler, managers, drivers, database.</summary>
    static IEnumerable<string> Participants(Interleaving interleaving)
    {
        var all = interleaving.Steps.Select(s => s.Process)
            .Concat(interleaving.Steps.SelectMany(s => s.Facts).Where(f => f.To is not null).Select(f => f.To!))
            .Distinct(StringComparer.Ordinal).ToList();
        static int Rank(string p) =>
            p == Interleaving.Client ? 0 : p.StartsWith("api-", StringComparison.Ordinal) ? 1 : p == "scheduler" ? 2
            : p.StartsWith("driver ", StringComparison.Ordinal) ? 4 : p == Interleaving.Database ? 5 : 3;
        return all.OrderBy(Rank).ThenBy(p => p, StringComparer.Ordinal);
    }

    static string Shown(string participant) =>
        participant is Interleaving.Client or Interleaving.Database or "scheduler" || participant.StartsWith("api-", StringComparison.Ordinal)
        || participant.StartsWith("driver ", StringComparison.Ordinal) ? participant : "manager " + participant;

    /// <summary>A participant id Mermaid accepts: letters, digits and underscores.</summary>
    static string Id(string participant)
    {
        var id = new StringBuilder("p_");
        foreach (var c in participant) id.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        return id.ToString();
    }

    /// <summary>Characters Mermaid's sequence parser reads as syntax, as its entity codes ('#' starts one, ';' ends a
    /// statement, '&lt;' and '&gt;' read as HTML).</summary>
    static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
            escaped.Append(c is '#' or ';' or '<' or '>' or '"' or '{' or '}' ? "#" + ((int)c).ToString(CultureInfo.InvariantCulture) + ";" : c.ToString());
        return escaped.ToString().Replace("\n", " ", StringComparison.Ordinal);
    }
}
