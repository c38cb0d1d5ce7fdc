// Paths in the repository the tests read: found by walking up from the test assembly to SimManila.sln.
namespace SimManila.Scenarios.Tests;

internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SimManila.sln")))
                return dir.FullName;
        throw new InvalidOperationException("SimManila.sln not found above " + AppContext.BaseDirectory);
    }

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
