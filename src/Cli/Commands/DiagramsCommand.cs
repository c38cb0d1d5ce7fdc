// `simmanila diagrams`: regenerates the state-machine docs (Mermaid pages, the default), or writes one Graphviz DOT
// file per machine and policy, or renders those to SVG with Graphviz's `dot`, which must be on PATH.
using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using SimManila.StateMachines;

namespace SimManila.Cli.Commands;

public static class DiagramsCommand
{
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = "mermaid: the Markdown pages of docs/state-machines; dot: a .dot file per machine and policy; svg: those rendered by Graphviz",
            DefaultValueFactory = _ => "mermaid",
        };
        format.AcceptOnlyFromAmong("mermaid", "dot", "svg");
        var output = new Option<string?>("--out", "-o") { Description = "Output directory (default: docs/state-machines of the repository)", HelpName = "DIR" };
        var command = new Command("diagrams", "Regenerate the state-machine diagrams") { format, output };
        command.SetAction(p =>
        {
            var c = context(p);
            string dir;
            if (c.Get(output) is { } o) dir = c.PathOf(o);
            else
            {
                var root = ScenarioCatalog.RepositoryRoot(c.Host.WorkingDirectory)
                    ?? throw new UsageException("not inside the SimManila repository: pass --out DIR");
                dir = Path.Combine(root, "docs", "state-machines");
            }
            return c.Get(format) switch
            {
                "mermaid" => Mermaid(c, dir),
                "dot" => Dot(c, dir),
                _ => Svg(c, dir),
            };
        });
        return command;
    }

    static int Mermaid(CliContext c, string dir)
    {
        DocsGenerator.WriteAll(dir);
        c.Line($"Wrote {DocsGenerator.Render().Count} Mermaid pages to {c.Show(dir)}");
        return SimManilaCli.Ok;
    }

    static IEnumerable<(string name, string dot)> Machines() =>
        from resource in Lifecycles.Resources
        from variant in Lifecycles.Variants
        let machine = Lifecycles.Get(resource, variant)
        select ($"{machine.Resource}.{variant.ToString().ToLowerInvariant()}", DotExporter.Export(machine));

    static int Dot(CliContext c, string dir)
    {
        Directory.CreateDirectory(dir);
        int count = 0;
        foreach (var (name, dot) in Machines())
        {
            File.WriteAllText(Path.Combine(dir, name + ".dot"), dot, new UTF8Encoding(false));
            count++;
        }
        c.Line($"Wrote {count} DOT files to {c.Show(dir)}");
        return SimManilaCli.Ok;
    }

    static int Svg(CliContext c, string dir)
    {
        var dot = c.Host.FindExecutable("dot")
            ?? throw new UsageException("--format svg needs Graphviz's 'dot' on PATH, and it is not there",
                "install Graphviz (e.g. 'apt-get install graphviz' or 'brew install graphviz'), or use --format dot or mermaid");
        c.Log.LogDebug("graphviz: {Dot}", dot);
        Directory.CreateDirectory(dir);
        int count = 0;
        foreach (var (name, source) in Machines())
        {
            var target = Path.Combine(dir, name + ".svg");
            var start = new ProcessStartInfo(dot, ["-Tsvg", "-o", target])
            {
                RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            };
            using var process = Process.Start(start) ?? throw new UsageException($"could not start {dot}");
            process.StandardInput.Write(source);
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                c.Err.WriteLine($"simmanila: {dot} failed on {name} (exit {process.ExitCode}): {stderr.Trim()}");
                return SimManilaCli.Failed;
            }
            count++;
        }
        c.Line($"Rendered {count} SVG files to {c.Show(dir)} with {dot}");
        return SimManilaCli.Ok;
    }
}
