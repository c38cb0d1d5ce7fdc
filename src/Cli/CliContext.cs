// What a running command has at hand: the parse result, stdout as a Spectre console (colour and live progress on a
// terminal, plain text otherwise), stderr, a logger (--verbose), the scenario catalogue and paths resolved against
// the working directory.
using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace SimManila.Cli;

public sealed class CliContext
{
    public CliContext(ParseResult parse, GlobalOptions globals, TextWriter output, TextWriter error, CliHost host)
    {
        Parse = parse;
        Out = output;
        Err = error;
        Host = host;
        Verbose = parse.GetValue(globals.Verbose);
        Rich = host.Terminal && !parse.GetValue(globals.NoColor);
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Rich ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = Rich ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Rich ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        // Plain output goes to files and CI logs: wide enough that tables never wrap.
        if (!Rich) Console.Profile.Width = 240;
        var factory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(Verbose ? LogLevel.Debug : LogLevel.Warning)
            .AddProvider(new StderrLoggerProvider(error)));
        Log = factory.CreateLogger("simmanila");
        Catalog = new ScenarioCatalog(this, parse.GetValue(globals.Scenarios));
    }

    public ParseResult Parse { get; }
    public TextWriter Out { get; }
    public TextWriter Err { get; }
    public CliHost Host { get; }
    public bool Verbose { get; }

    /// <summary>Colour and live progress (a terminal without --no-color).</summary>
    public bool Rich { get; }

    public IAnsiConsole Console { get; }
    public ILogger Log { get; }
    public ScenarioCatalog Catalog { get; }

    public T Get<T>(Option<T> option) => Parse.GetValue(option)!;
    public T Get<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>A path the user gave, relative to the working directory.</summary>
    public string PathOf(string path) => Path.GetFullPath(Path.Combine(Host.WorkingDirectory, path));

    /// <summary>A path as shown to the user: relative to the working directory when under it.</summary>
    public string Show(string fullPath)
    {
        var relative = Path.GetRelativePath(Host.WorkingDirectory, fullPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }

    /// <summary>Writes one line of plain text (no markup interpretation).</summary>
    public void Line(string text = "")
    {
        if (Rich) Console.WriteLine(text);
        else Out.WriteLine(text); // plain output is never wrapped
    }

    /// <summary>Writes one line of Spectre markup; callers escape dynamic text with <see cref="Markup.Escape"/>.</summary>
    public void Markup(string markup)
    {
        if (Rich) Console.MarkupLine(markup);
        else Out.WriteLine(markup.RemoveMarkup());
    }

    /// <summary>A coloured span on a terminal, the bare text otherwise.</summary>
    public static string Paint(string style, string text) => $"[{style}]{Spectre.Console.Markup.Escape(text)}[/]";

    /// <summary>A table: Spectre's on a terminal, a Markdown table in plain output (pastes into docs and issues).</summary>
    public CliTable NewTable(params string[] columns) => new(this, columns);

    /// <summary>Where traces go by default: traces/ of the repository, or of the working directory outside one.</summary>
    public string DefaultTraceDirectory() => Path.Combine(ScenarioCatalog.RepositoryRoot(Host.WorkingDirectory) ?? Host.WorkingDirectory, "traces");
}

/// <summary>Rows of plain cells, each with an optional Spectre style used only on a terminal.</summary>
public sealed class CliTable(CliContext context, IReadOnlyList<string> columns)
{
    readonly List<(string text, string? style)[]> rows = [];

    public CliTable AddRow(params (string text, string? style)[] cells)
    {
        if (cells.Length != columns.Count) throw new ArgumentException($"expected {columns.Count} cells, got {cells.Length}");
        rows.Add(cells);
        return this;
    }

    public CliTable AddRow(params string[] cells) => AddRow(cells.Select(c => (c, (string?)null)).ToArray());

    public void Write()
    {
        if (context.Rich)
        {
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column)));
            foreach (var row in rows)
                table.AddRow(row.Select(c => c.style is null ? Markup.Escape(c.text) : CliContext.Paint(c.style, c.text)).ToArray());
            context.Console.Write(table);
            return;
        }
        static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        var widths = columns.Select((c, i) => Math.Max(3, rows.Select(r => Cell(r[i].text).Length).Append(c.Length).Max())).ToArray();
        string Line(IEnumerable<string> cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
        context.Out.WriteLine(Line(columns));
        context.Out.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows) context.Out.WriteLine(Line(row.Select(c => Cell(c.text))));
    }
}

/// <summary>Microsoft.Extensions.Logging to stderr, one line per message: "simmanila[debug] ...".</summary>
sealed class StderrLoggerProvider(TextWriter error) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(error);
    public void Dispose() { }

    sealed class StderrLogger(TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel switch
            {
                LogLevel.Trace => "trace", LogLevel.Debug => "debug", LogLevel.Information => "info",
                LogLevel.Warning => "warn", LogLevel.Error => "error", _ => "crit",
            };
            lock (error) error.WriteLine($"simmanila[{level}] {formatter(state, exception)}");
        }
    }
}
