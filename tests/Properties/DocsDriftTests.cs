// Fails when docs/state-machines is out of date with the definitions; SIMMANILA_UPDATE_DOCS=1 rewrites it instead.
using System.Text;
using SimManila.StateMachines;

namespace SimManila.Properties.Tests;

public sealed class DocsDriftTests
{
    private const string UpdateVariable = "SIMMANILA_UPDATE_DOCS";

    private static string DocsDirectory() => Repo.PathOf("docs", "state-machines");

    [Fact]
    public void Committed_docs_match_the_definitions()
    {
        var directory = DocsDirectory();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            DocsGenerator.WriteAll(directory);
            return;
        }
        var pages = DocsGenerator.Render();
        var regenerate = $"regenerate with `{UpdateVariable}=1 dotnet test tests/Properties` and commit docs/state-machines";
        foreach (var (path, expected) in pages)
        {
            var file = Path.Combine(directory, path);
            Assert.True(File.Exists(file), $"docs/state-machines/{path} is missing: {regenerate}");
            var actual = File.ReadAllText(file, Encoding.UTF8);
            Assert.True(actual == expected, $"docs/state-machines/{path} is out of date with the definitions: {regenerate}");
        }
        var extra = Directory.GetFiles(directory, "*.md").Select(Path.GetFileName).Where(f => !pages.ContainsKey(f!)).ToList();
        Assert.True(extra.Count == 0, $"docs/state-machines has pages no definition produces ({string.Join(", ", extra)}): {regenerate}");
    }

    [Fact]
    public void Rendering_is_byte_stable_and_uses_unix_line_endings()
    {
        var first = DocsGenerator.Render();
        var second = DocsGenerator.Render();
        Assert.Equal(first.Keys, second.Keys);
        foreach (var (path, content) in first)
        {
            Assert.Equal(content, second[path]);
            Assert.DoesNotContain("\r", content);
            Assert.EndsWith("\n", content);
        }
        Assert.Contains("index.md", first.Keys);
        Assert.Equal(Lifecycles.Resources.Count + 1, first.Count);
        var shareInstance = first["share_instance.md"];
        Assert.Contains("## Diagram: Legacy", shareInstance);
        Assert.Contains("## Diagram: Guarded", shareInstance);
        Assert.Contains("```mermaid\nstateDiagram-v2\n", shareInstance);
        Assert.Contains("classDef errorState", shareInstance);
        Assert.Contains("```dot\ndigraph share_instance_legacy {", shareInstance);
    }
}
