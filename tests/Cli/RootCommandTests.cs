// The root command: help, version, unknown commands and options (exit 2), and the tool's packaging.
using System.Xml.Linq;

namespace SimManila.Cli.Tests;

public sealed class RootCommandTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Help_lists_every_command()
    {
        var result = cli.Run("--help");
        result.Exit(0);
        foreach (var command in new[] { "hunt", "test <scenario>", "replay <trace>", "diagrams", "scenarios", "bench", "merge <reports>" })
            result.OutHas(command);
        result.OutHas("--no-color", "--verbose", "--scenarios <DIR>");
    }

    [Theory]
    [InlineData("hunt")]
    [InlineData("test")]
    [InlineData("replay")]
    [InlineData("diagrams")]
    [InlineData("scenarios")]
    [InlineData("bench")]
    [InlineData("merge")]
    public void Each_command_has_help(string command)
    {
        var result = cli.Run(command, "--help");
        result.Exit(0);
        result.OutHas("Usage:", $"simmanila {command}");
    }

    [Fact]
    public void Unknown_commands_and_options_exit_2()
    {
        cli.Run("hnut").BadInput("hnut", "Run 'simmanila --help' for usage.");
        cli.Run("test", "double-share-delete", "--fast").BadInput("--fast", "Run 'simmanila test --help' for usage.");
    }

    [Fact]
    public void No_command_is_bad_input()
    {
        cli.Run().BadInput("expected a command", "Run 'simmanila --help' for usage.");
    }

    [Fact]
    public void Version_prints_and_exits_0()
    {
        var result = cli.Run("--version");
        result.Exit(0);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Out);
    }

    [Fact]
    public void The_project_packs_as_the_simmanila_tool()
    {
        var project = XDocument.Load(Repo.PathOf("src", "Cli", "Cli.csproj"));
        string? Property(string name) => project.Descendants(name).FirstOrDefault()?.Value;
        Assert.Equal("true", Property("PackAsTool"));
        Assert.Equal("simmanila", Property("ToolCommandName"));
        Assert.Equal("simmanila", Property("AssemblyName"));
        Assert.Contains("src\\Cli\\Cli.csproj", File.ReadAllText(Repo.PathOf("SimManila.sln")));
        Assert.Contains("tests\\Cli\\Cli.Tests.csproj", File.ReadAllText(Repo.PathOf("SimManila.sln")));
    }
}

public sealed class DocsTests
{
    [Fact]
    public void The_readme_s_main_command_is_hunt_and_the_guides_exist()
    {
        var readme = File.ReadAllText(Repo.PathOf("README.md"));
        Assert.Contains("dotnet run --project src/Cli -- hunt", readme);
        Assert.Contains("dotnet test SimManila.sln", readme);
        var guide = File.ReadAllText(Repo.PathOf("docs", "reproduce-a-race.md"));
        foreach (var step in new[] { "-- hunt", "-- replay traces/", "-- minimize traces/", "<== fails here", "met their expectation" })
            Assert.Contains(step, guide);
        var sharding = File.ReadAllText(Repo.PathOf("docs", "sharding.md"));
        Assert.Contains("JOB_COMPLETION_INDEX", sharding);
        Assert.Contains("simmanila merge", sharding);
    }
}
