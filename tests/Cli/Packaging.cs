// Runs the real `dotnet` on the repository's projects, for the packaging tests: pack what the test run already built
// (--no-build, same configuration), and install and run the tool as a user would, offline from a local folder.
using System.Diagnostics;

namespace SimManila.Cli.Tests;

internal sealed record ProcessResult(int Exit, string Out, string Err)
{
    public override string ToString() => $"exit {Exit}\n--- stdout ---\n{Out}\n--- stderr ---\n{Err}";
}

internal static class Packaging
{
    /// <summary>Debug or Release: the configuration this test assembly (and so every project it references) was built in.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static ProcessResult Run(string workingDirectory, string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>`dotnet pack` of a project of the repository into <paramref name="output"/>, from this run's build.</summary>
    public static string Pack(string project, string output, string version)
    {
        var result = Run(Repo.Root, "dotnet", ["pack", project, "-c", Configuration, "--no-build", "-o", output, $"-p:PackageVersion={version}"]);
        Assert.True(result.Exit == 0, result.ToString());
        return Assert.Single(Directory.GetFiles(output, "*.nupkg"));
    }
}
