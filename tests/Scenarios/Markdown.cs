// Markdown pages the tests read: their JSON code blocks.
namespace SimManila.Scenarios.Tests;

internal static class Markdown
{
    /// <summary>The JSON code blocks of a Markdown page, in order.</summary>
    public static IReadOnlyList<string> JsonBlocks(string markdown)
    {
        var blocks = new List<string>();
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i] != "```json") continue;
            int end = Array.IndexOf(lines, "```", i + 1);
            blocks.Add(string.Join("\n", lines[(i + 1)..end]));
            i = end;
        }
        return blocks;
    }
}
