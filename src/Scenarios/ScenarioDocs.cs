// The generated parts of docs/writing-a-scenario.md: the calls with their arguments, the invariants and the periodic
// tasks, each between "<!-- generated:KEY -->" and "<!-- /generated:KEY -->" markers. A test compares the committed page
// with Regenerate(page) and fails when they differ (SIMMANILA_UPDATE_DOCS=1 rewrites it).
using System.Text;
using SimManila.Scenarios.Invariants;

namespace SimManila.Scenarios;

public static class ScenarioDocs
{
    /// <summary>Section key to its rendered Markdown (no trailing newline).</summary>
    public static IReadOnlyDictionary<string, string> Sections() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["calls"] = CallsTable(),
        ["invariants"] = InvariantsTable(),
        ["periodic-tasks"] = PeriodicTasksTable(),
    };

    public static string CallsTable()
    {
        var s = new StringBuilder();
        s.Append("| call | what it does | arguments | `as` binds |\n");
        s.Append("|---|---|---|---|\n");
        foreach (var call in ScenarioCalls.Known.Values)
        {
            var args = call.Args.Count == 0 ? "none" : string.Join("<br>", call.Args.Select(Argument));
            s.Append($"| `{call.Name}` | {call.Description} | {args} | {(call.Creates is null ? "nothing (no `as`)" : "the new " + call.Creates)} |\n");
        }
        return s.ToString().TrimEnd('\n');

        static string Argument(ArgSpec a)
        {
            var kind = a.Kind switch
            {
                ArgKind.Integer => "integer",
                ArgKind.Boolean => "boolean",
                ArgKind.String => "string",
                ArgKind.Reference => ScenarioCalls.Known.Values.Any(c => c.Creates == a.Name) ? $"`$` reference to {ScenarioLoader.A(a.Name)}" : "`$` reference",
                _ => a.Kind.ToString(),
            };
            return $"`{a.Name}`: {kind}{(a.Required ? "" : " (optional)")}";
        }
    }

    public static string InvariantsTable()
    {
        var s = new StringBuilder();
        s.Append("| invariant | meaning | inspects | checked |\n");
        s.Append("|---|---|---|---|\n");
        foreach (var i in InvariantCatalog.All)
        {
            var timing = i.Timing == InvariantTiming.EveryStep ? "after every step" : "once quiet";
            s.Append($"| `{i.Name}` | {Cell(i.Meaning)} | {Cell(i.Inspects)} | {timing} |\n");
        }
        return s.ToString().TrimEnd('\n');
    }

    public static string PeriodicTasksTable()
    {
        var s = new StringBuilder();
        s.Append("| periodic task | interval (virtual) |\n");
        s.Append("|---|---|\n");
        foreach (var name in Services.PeriodicTaskNames.All)
            s.Append($"| `{name}` | {Services.PeriodicTaskNames.DefaultInterval(name).TotalSeconds:0} s on every host |\n");
        return s.ToString().TrimEnd('\n');
    }

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>The page with every generated section replaced by its current rendering; a marker pair missing from
    /// the page is an error (the page would silently stop documenting that part).</summary>
    public static string Regenerate(string page)
    {
        page = page.Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (var (key, content) in Sections())
        {
            string open = $"<!-- generated:{key} -->", close = $"<!-- /generated:{key} -->";
            int start = page.IndexOf(open, StringComparison.Ordinal);
            int end = page.IndexOf(close, StringComparison.Ordinal);
            if (start < 0 || end < start)
                throw new InvalidOperationException($"the page lacks the markers {open} ... {close}");
            page = page[..(start + open.Length)] + "\n" + content + "\n" + page[end..];
        }
        return page;
    }
}
