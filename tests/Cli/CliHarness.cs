// Runs simmanila in-process with captured stdout and stderr, in a temporary directory holding a copy of a few
// catalogue scenarios (or anything a test writes there).
using System.Text.Json.Nodes;

namespace SimManila.Cli.Tests;

public sealed record CliResult(int Exit, string Out, string Err)
{
    public override string ToString() => $"exit {Exit}\n--- stdout ---\n{Out}\n--- stderr ---\n{Err}";
}

public sealed class CliHarness : IDisposable
{
    /// <summary>Two races Legacy finds in its first schedule and Guarded never shows: fast and certain.</summary>
    public static readonly string[] FastScenarios = ["double-share-delete", "double-snapshot-delete"];

    public CliHarness(params string[] scenarios)
    {
        Root = Path.Combine(Path.GetTempPath(), "simmanila-cli-" + Path.GetRandomFileName());
        Scenarios = Path.Combine(Root, "scenarios");
        Directory.CreateDirectory(Scenarios);
        foreach (var name in scenarios.Length == 0 ? FastScenarios : scenarios)
            File.Copy(Repo.PathOf("scenarios", name + ".json"), Path.Combine(Scenarios, name + ".json"));
    }

    /// <summary>A temporary directory outside the repository: lookups need --scenarios.</summary>
    public string Root { get; }
    public string Scenarios { get; }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public Func<string, string?> FindExecutable { get; set; } = _ => null;

    /// <summary>The catalogue shipped with the tool, as the CLI finds it beside its assembly (null: none).</summary>
    public string? BundledScenarios { get; set; } = new CliHost().BundledScenarios;

    /// <summary>Runs in <see cref="Root"/> (plain output, no terminal).</summary>
    public CliResult Run(params string[] args) => RunIn(Root, args);

    public CliResult RunIn(string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = SimManilaCli.Run(args, output, error, new CliHost { WorkingDirectory = workingDirectory, Terminal = false, FindExecutable = FindExecutable, BundledScenarios = BundledScenarios });
        var result = new CliResult(exit, output.ToString(), error.ToString());
        // Bad input and failures never show a stack trace.
        Assert.DoesNotContain("   at ", result.Err);
        Assert.DoesNotContain("   at ", result.Out);
        return result;
    }

    /// <summary>Copies a catalogue scenario into the temporary scenarios/ with a change to its JSON.</summary>
    public string WriteScenario(string from, string newName, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(Repo.PathOf("scenarios", from + ".json")))!.AsObject();
        json["name"] = newName;
        change(json);
        var path = Path.Combine(Scenarios, newName + ".json");
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}


internal static class ResultAssertions
{
    /// <summary>Bad input: exit 2 and a message on stderr holding each expected text.</summary>
    public static void BadInput(this CliResult result, params string[] expected)
    {
        Assert.True(result.Exit == SimManilaCli.BadInput, result.ToString());
        Assert.StartsWith("simmanila: ", result.Err);
        foreach (var text in expected) Assert.True(result.Err.Contains(text, StringComparison.Ordinal), $"stderr lacks '{text}':\n{result}");
    }

    public static void Exit(this CliResult result, int expected) => Assert.True(result.Exit == expected, result.ToString());

    public static void OutHas(this CliResult result, params string[] expected)
    {
        foreach (var text in expected) Assert.True(result.Out.Contains(text, StringComparison.Ordinal), $"stdout lacks '{text}':\n{result}");
    }
}
