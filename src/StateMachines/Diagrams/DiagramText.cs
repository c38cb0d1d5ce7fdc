// Escaping shared by the exporters: labels that survive Mermaid's parser and GitHub's HTML sanitiser unchanged in meaning.
namespace SimManila.StateMachines;

internal static class DiagramText
{
    /// <summary>Edge label: the trigger, then the guard in brackets when there is one.</summary>
    public static string Label(Transition transition) =>
        transition.Guard.Length == 0 ? transition.Trigger : $"{transition.Trigger} [{transition.Guard}]";

    /// <summary>Mermaid treats ';' as a statement end, '#' as an entity and ':' as a label separator; '&lt;' would read as HTML.</summary>
    public static string Mermaid(string text) => text
        .Replace("->", "to").Replace(";", ",").Replace("#", "no.").Replace(":", " -")
        .Replace("<", "(").Replace(">", ")").Replace("\"", "'");

    public static string Dot(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

    /// <summary>Markdown table cell: no pipes, no raw HTML.</summary>
    public static string Cell(string text) => text.Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;");
}
