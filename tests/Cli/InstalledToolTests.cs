// The tool as a user gets it: packed, installed with `dotnet tool install` into a tool path, run from an empty folder
// far from the repository. It must find its catalogue inside itself. The library ships as a package beside it.
// Both pack this run's build (--no-build): a few seconds of CPU each, and the install is offline from a local folder.
using System.IO.Compression;
using System.Xml.Linq;

namespace SimManila.Cli.Tests;

public sealed class InstalledToolTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "simmanila-tool-" + Path.GetRandomFileName());
    /// <summary>A version no earlier run used: nothing cached can stand in for this build.</summary>
    readonly string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public void The_installed_tool_hunts_from_an_empty_folder()
    {
        var packages = Path.Combine(root, "packages");
        Packaging.Pack(Repo.PathOf("src", "Cli", "Cli.csproj"), packages, version);
        var config = Path.Combine(root, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);
        var tools = Path.Combine(root, "tools");
        // Its own package cache, so that the user's is neither read nor filled.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "nuget-cache") };
        var install = Packaging.Run(root, "dotnet", ["tool", "install", "SimManila.Cli", "--version", version, "--tool-path", tools, "--configfile", config], environment);
        Assert.True(install.Exit == 0, install.ToString());

        var empty = Directory.CreateDirectory(Path.Combine(root, "anywhere", "empty")).FullName;
        var simmanila = Path.Combine(tools, OperatingSystem.IsWindows() ? "simmanila.exe" : "simmanila");
        var hunt = Packaging.Run(empty, simmanila, ["hunt", "--budget", "5", "--parallel", "2"]);
        // Exit 1 is a result (a rare race needs more than 50 schedules); 2 or 3 would be the tool failing.
        Assert.True(hunt.Exit is 0 or 1, hunt.ToString());
        Assert.Contains("scenarios met their expectation", hunt.Out);
        Assert.Contains("double-share-delete", hunt.Out);
        Assert.DoesNotContain("SimManila.sln", hunt.Err);
        Assert.True(Directory.Exists(Path.Combine(empty, "traces")), "the findings' traces go to ./traces outside the repository");

        var list = Packaging.Run(empty, simmanila, ["scenarios", "list"]);
        Assert.True(list.Exit == 0, list.ToString());
        Assert.Contains($"{Directory.GetFiles(Repo.PathOf("scenarios"), "*.json").Length - 1} scenarios in ", list.Out);
    }

    [Fact]
    public void The_library_packs_every_assembly_it_needs_and_depends_on_the_packages_they_use()
    {
        var package = Packaging.Pack(Repo.PathOf("src", "Library", "Library.csproj"), Path.Combine(root, "library"), version);
        using var zip = ZipFile.OpenRead(package);
        var libs = zip.Entries.Where(e => e.FullName.StartsWith("lib/net10.0/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal))
            .Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["SimManila.Drivers.dll", "SimManila.Model.dll", "SimManila.Scenarios.dll", "SimManila.Services.dll", "SimManila.Simulation.dll", "SimManila.StateMachines.dll"], libs);
        using var nuspec = zip.Entries.Single(e => e.FullName == "SimManila.nuspec").Open();
        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).ToList();
        foreach (var id in new[] { "Stateless", "Microsoft.EntityFrameworkCore.InMemory", "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.Extensions.Logging" })
            Assert.Contains(id, dependencies);
        Assert.DoesNotContain(dependencies, d => d.StartsWith("SimManila", StringComparison.Ordinal));
    }
}
