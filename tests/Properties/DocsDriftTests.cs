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
        var files = DocsGenerator.RenderAll();
        var regenerate = $"regenerate with `{UpdateVariable}=1 dotnet test tests/Properties` and commit docs/state-machines";
        foreach (var (path, expected) in files)
        {
            var file = Path.Combine(directory, path);
            Assert.True(File.Exists(file), $"docs/state-machines/{path} is missing: {regenerate}");
            var actual = File.ReadAllText(file, Encoding.UTF8);
            Assert.True(actual == expected, $"docs/state-machines/{path} is out of date with the definitions: {regenerate}");
        }
        var extra = DocsGenerator.GeneratedPatterns.SelectMany(p => Directory.GetFiles(directory, p))
            .Select(Path.GetFileName).Where(f => !files.ContainsKey(f!)).ToList();
        Assert.True(extra.Count == 0, $"docs/state-machines has files no definition produces ({string.Join(", ", extra)}): {regenerate}");
    }

    [Fact]
    public void Every_page_links_stateless_own_graphs_of_both_policies_and_they_are_its_output()
    {
        var pages = DocsGenerator.Render();
        var graphs = DocsGenerator.RenderStatelessGraphs();
        Assert.Equal(Lifecycles.Resources.Count * Lifecycles.Variants.Count * 2, graphs.Count);
        foreach (var resource in Lifecycles.Resources)
            foreach (var variant in Lifecycles.Variants)
            {
                var machine = Lifecycles.Get(resource, variant);
                var page = pages[DocsGenerator.FileName(machine)];
                var stem = $"{machine.Resource}.{variant.ToString().ToLowerInvariant()}.stateless";
                Assert.Contains($"- {variant}: [Mermaid]({stem}.mmd), [DOT]({stem}.dot)", page);
                // Stateless's own output of a fresh definition, not of anything the generator made up.
                var info = Lifecycles.Define(resource, variant).Machine.GetInfo();
                Assert.Equal(Stateless.Graph.MermaidGraph.Format(info).Replace("\r\n", "\n").TrimEnd('\n') + "\n", graphs[stem + ".mmd"]);
                Assert.Equal(Stateless.Graph.UmlDotGraph.Format(info).Replace("\r\n", "\n").TrimEnd('\n') + "\n", graphs[stem + ".dot"]);
                // Every permitted transition appears in Stateless's Mermaid as "from --> to : trigger [guard]".
                foreach (var t in machine.Transitions)
                    foreach (var source in t.Sources)
                        Assert.Contains($"{source} --> {t.Target} : {t.Trigger}", graphs[stem + ".mmd"]);
            }
    }

    [Fact]
    public void Rendering_is_byte_stable_and_uses_unix_line_endings()
    {
        var first = DocsGenerator.RenderAll();
        var second = DocsGenerator.RenderAll();
        Assert.Equal(first.Keys, second.Keys);
        foreach (var (path, content) in first)
        {
            Assert.Equal(content, second[path]);
            Assert.DoesNotContain("\r", content);
            Assert.EndsWith("\n", content);
        }
        Assert.Contains("index.md", first.Keys);
        Assert.Equal(Lifecycles.Resources.Count + 1 + Lifecycles.Resources.Count * Lifecycles.Variants.Count * 2, first.Count);
        var shareInstance = first["share_instance.md"];
        Assert.Contains("## Diagram: Legacy", shareInstance);
        Assert.Contains("## Diagram: Guarded", shareInstance);
        Assert.Contains("```mermaid\nstateDiagram-v2\n", shareInstance);
        Assert.Contains("classDef errorState", shareInstance);
        Assert.Contains("```dot\ndigraph share_instance_legacy {", shareInstance);
    }
}
