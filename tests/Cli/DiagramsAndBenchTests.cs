// simmanila diagrams (mermaid, dot, svg with and without Graphviz) and simmanila bench.
using System.Text.Json;
using SimManila.StateMachines;

namespace SimManila.Cli.Tests;

public sealed class DiagramsAndBenchTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Mermaid_writes_the_same_pages_as_the_docs_generator()
    {
        var result = cli.Run("diagrams", "--out", "sm");
        result.Exit(0);
        var pages = DocsGenerator.Render();
        result.OutHas($"Wrote {pages.Count} Mermaid pages to sm");
        foreach (var (name, content) in pages) Assert.Equal(content, File.ReadAllText(cli.PathOf("sm", name)));
    }

    [Fact]
    public void Dot_writes_a_file_per_machine_and_policy()
    {
        var result = cli.Run("diagrams", "--format", "dot", "--out", "dot");
        result.Exit(0);
        var files = Directory.GetFiles(cli.PathOf("dot"), "*.dot");
        Assert.Equal(Lifecycles.Resources.Count * Lifecycles.Variants.Count, files.Length);
        Assert.StartsWith("digraph share_legacy", File.ReadAllText(cli.PathOf("dot", "share.legacy.dot")));
    }

    [Fact]
    public void Svg_without_graphviz_says_so_and_exits_2()
    {
        cli.FindExecutable = _ => null;
        cli.Run("diagrams", "--format", "svg", "--out", "svg").BadInput("needs Graphviz's 'dot' on PATH", "--format dot");
        Assert.False(Directory.Exists(cli.PathOf("svg")));
    }

    [Fact]
    public void Svg_runs_dot_per_machine()
    {
        if (OperatingSystem.IsWindows()) return;
        // A stand-in for Graphviz: copies the DOT source from stdin into the -o file.
        var fake = cli.PathOf("fake-dot");
        File.WriteAllText(fake, "#!/bin/sh\nshift; shift; cat > \"$1\"\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        cli.FindExecutable = name => name == "dot" ? fake : null;
        var result = cli.Run("diagrams", "--format", "svg", "--out", "svg");
        result.Exit(0);
        Assert.StartsWith("digraph share_guarded", File.ReadAllText(cli.PathOf("svg", "share.guarded.svg")));
        result.OutHas($"Rendered {Lifecycles.Resources.Count * Lifecycles.Variants.Count} SVG files");
    }

    [Fact]
    public void Bad_format_and_no_repository_are_bad_input()
    {
        cli.Run("diagrams", "--format", "png").BadInput("png");
        cli.Run("diagrams").BadInput("not inside the SimManila repository: pass --out DIR");
    }

    [Fact]
    public void Bench_prints_the_quick_figures_as_json_or_a_table()
    {
        var json = cli.Run("bench", "--only", "service", "--time-scale", "0.02", "--json");
        json.Exit(0);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.True(doc.RootElement.GetProperty("service_schedules_per_sec").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("service_warmup_sec").GetDouble() > 0);
        Assert.Equal(SimManila.Measurements.QuickMode.TieredCompilation, doc.RootElement.GetProperty("tiered_compilation").GetBoolean());

        var table = cli.Run("bench", "--only", "engine", "--time-scale", "0.01");
        table.Exit(0);
        table.OutHas("| Measurement", "| steps_per_sec ", "| portfolio_schedules_per_sec ");
        // Figures taken without tiering say so, and where the published ones come from.
        Assert.Equal(!SimManila.Measurements.QuickMode.TieredCompilation, table.Out.Contains("Tiered compilation is off in this process"));
    }

    [Fact]
    public void Bench_rejects_unknown_measurements()
    {
        cli.Run("bench", "--only", "warp").BadInput("--only: unknown measurement 'warp'", "engine, service, topology");
        cli.Run("bench", "--time-scale", "0").BadInput("--time-scale");
    }
}
