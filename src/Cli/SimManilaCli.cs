// The simmanila command line: builds the command tree, parses, runs one command and turns every kind of bad input
// into one clear message on stderr and exit code 2. Tests drive it in-process through Run(args, out, err).
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using SimManila.Cli.Commands;
using SimManila.Scenarios;
using SimManila.Simulation;

namespace SimManila.Cli;

/// <summary>What the process around the command provides; tests replace parts of it.</summary>
public sealed record CliHost
{
    /// <summary>Where scenario lookup (walking up to SimManila.sln) and relative paths start.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>True when stdout is a terminal: colour and live progress bars. False gives plain text.</summary>
    public bool Terminal { get; init; }

    /// <summary>The catalogue shipped with the tool (scenarios/ beside the executable): what commands read outside the
    /// repository when no --scenarios is given. Tests point it elsewhere.</summary>
    public string? BundledScenarios { get; init; } = Path.Combine(AppContext.BaseDirectory, "scenarios");

    /// <summary>Finds an executable on PATH (null when missing); tests pretend Graphviz is absent or present.</summary>
    public Func<string, string?> FindExecutable { get; init; } = ExecutableSearch.OnPath;

    /// <summary>The process's own host: terminal detection, NO_COLOR honoured.</summary>
    public static CliHost Process() => new()
    {
        Terminal = !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
    };
}

public static class SimManilaCli
{
    /// <summary>Exit codes: 0 clean (or every expectation met), 1 a bug found (or an expectation missed), 2 bad input,
    /// 3 an internal error of the tool itself.</summary>
    public const int Ok = 0, Failed = 1, BadInput = 2, InternalError = 3;

    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, new CliHost());

    public static int Run(string[] args, TextWriter output, TextWriter error, CliHost host)
    {
        ArgumentNullException.ThrowIfNull(args);
        var globals = new GlobalOptions();
        var root = BuildRoot(globals, output, error, host);
        ParseResult parse;
        try
        {
            parse = root.Parse(args);
        }
        catch (Exception ex)
        {
            error.WriteLine($"simmanila: {ex.Message}");
            return BadInput;
        }

        bool helpOrVersion = parse.Action is HelpAction || parse.Action?.GetType().Name.StartsWith("Version", StringComparison.Ordinal) == true;
        if (parse.Errors.Count > 0 && !helpOrVersion)
        {
            foreach (var problem in parse.Errors) error.WriteLine($"simmanila: {problem.Message}");
            var command = string.Join(' ', CommandPath(parse.CommandResult.Command));
            error.WriteLine($"Run '{command} --help' for usage.");
            return BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            return Report(ex, error, parse.GetValue(globals.Verbose));
        }
    }

    static IEnumerable<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? s = command; s is not null; s = s.Parents.FirstOrDefault())
            names.Push(s.Name);
        return names;
    }

    /// <summary>A plain command named simmanila rather than RootCommand, whose name (shown in help) is the host
    /// executable's: "testhost" under the tests, "simmanila" or "dotnet" otherwise.</summary>
    static Command BuildRoot(GlobalOptions globals, TextWriter output, TextWriter error, CliHost host)
    {
        var root = new Command("simmanila",
            "SimManila: a deterministic simulation of OpenStack Manila. Hunt races in the scenario catalogue, test one " +
            "scenario, replay a trace, regenerate the state-machine diagrams.");
        root.Add(new HelpOption());
        root.Add(new VersionOption());
        root.Add(globals.NoColor);
        root.Add(globals.Verbose);
        root.Add(globals.Scenarios);
        CliContext Context(ParseResult p) => new(p, globals, output, error, host);
        var commands = Commands(Context).ToList();
        foreach (var command in commands) root.Add(command);
        root.SetAction(p =>
        {
            // No command: every command named (from the same list the help shows), on stderr, and exit 2.
            p.InvocationConfiguration.Error.WriteLine($"simmanila: expected a command ({string.Join(", ", commands.Select(c => c.Name))})");
            p.InvocationConfiguration.Error.WriteLine("Run 'simmanila --help' for usage.");
            return BadInput;
        });
        return root;
    }

    /// <summary>Every command, in the order the help lists them.</summary>
    static IEnumerable<Command> Commands(Func<ParseResult, CliContext> context) =>
    [
        HuntCommand.Create(context),
        TestCommand.Create(context),
        FuzzCommand.Create(context),
        ReplayCommand.Create(context),
        MinimizeCommand.Create(context),
        DiagramsCommand.Create(context),
        CoverageCommand.Create(context),
        ScenariosCommand.Create(context),
        BenchCommand.Create(context),
        MergeCommand.Create(context),
        CompareCommand.Create(context),
    ];

    /// <summary>One line on stderr for anything a command throws: bad input is exit 2, a defect of the tool exit 3.</summary>
    internal static int Report(Exception ex, TextWriter error, bool verbose)
    {
        switch (ex)
        {
            case UsageException usage:
                error.WriteLine($"simmanila: {usage.Message}");
                foreach (var hint in usage.Hints) error.WriteLine($"  {hint}");
                return BadInput;
            case ScenarioFormatException format:
                error.WriteLine($"simmanila: bad scenario file: {format.Message}");
                return BadInput;
            case TraceFormatException trace:
                error.WriteLine($"simmanila: bad trace: {trace.Message}");
                return BadInput;
            case ArgumentException argument:
                // SimSettings.Validate and Shard name the setting and what was expected.
                error.WriteLine($"simmanila: {StripParameter(argument)}");
                return BadInput;
            case FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException:
                error.WriteLine($"simmanila: {ex.Message}");
                return BadInput;
            default:
                error.WriteLine($"simmanila: internal error: {ex.GetType().Name}: {ex.Message}");
                if (verbose) error.WriteLine(ex.ToString());
                else error.WriteLine("  (run again with --verbose for the stack trace, and please file an issue)");
                return InternalError;
        }
    }

    /// <summary>ArgumentException appends " (Parameter 'x')"; the setting is already named in the text.</summary>
    static string StripParameter(ArgumentException ex) =>
        ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
}

/// <summary>Options every command takes.</summary>
public sealed class GlobalOptions
{
    public readonly Option<bool> NoColor = new("--no-color")
    {
        Description = "Plain output: no colour, no live progress bars (also when stdout is not a terminal, or NO_COLOR is set)",
        Recursive = true,
    };

    public readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log what the tool does (files found and written, settings, timings) on stderr",
        Recursive = true,
    };

    public readonly Option<string?> Scenarios = new("--scenarios")
    {
        Description = "Directory of scenario files (default: scenarios/ of the repository above the current directory, else the catalogue shipped with the tool)",
        HelpName = "DIR",
        Recursive = true,
    };
}

/// <summary>Bad input the user can fix: the message, and optional hints (close matches, what to run instead).</summary>
public sealed class UsageException(string message, params IReadOnlyList<string> hints) : Exception(message)
{
    public IReadOnlyList<string> Hints { get; } = hints;
}

static class ExecutableSearch
{
    public static string? OnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        string[] suffixes = OperatingSystem.IsWindows() ? [".exe", ".cmd", ".bat", ""] : [""];
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var suffix in suffixes)
            {
                var candidate = Path.Combine(dir, name + suffix);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
