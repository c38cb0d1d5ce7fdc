// Both databases from the command line: test, hunt and fuzz run on SQLite with --database sqlite, find what they find
// on the in-memory default, and every report names the database.
using System.Text.Json;

namespace SimManila.Cli.Tests;

public sealed class DatabaseOptionTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    static string DatabaseOf(string reportFile)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(reportFile));
        return json.RootElement.GetProperty("database").GetString()!;
    }

    [Fact]
    public void Test_runs_on_sqlite_and_finds_the_same_first_bug_as_in_memory()
    {
        foreach (var database in new[] { "inmemory", "sqlite" })
        {
            var result = cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "20", "--seed", "3", "--parallel", "1", "--database", database,
                "--scenarios", cli.Scenarios, "--out", database, "--json", $"{database}.json");
            result.Exit(1);
            result.OutHas($"database {database}");
            Assert.Equal(database, DatabaseOf(cli.PathOf($"{database}.json")));
        }
        using var a = JsonDocument.Parse(File.ReadAllText(cli.PathOf("inmemory.json")));
        using var b = JsonDocument.Parse(File.ReadAllText(cli.PathOf("sqlite.json")));
        Assert.Equal(a.RootElement.GetProperty("runs")[0].GetProperty("firstBug").GetProperty("message").GetString(),
            b.RootElement.GetProperty("runs")[0].GetProperty("firstBug").GetProperty("message").GetString());
    }

    [Fact]
    public void Hunt_and_fuzz_take_it_and_their_reports_name_it()
    {
        cli.Run("hunt", "--budget", "2", "--parallel", "1", "--database", "sqlite", "--only", "double-share-delete", "--scenarios", cli.Scenarios,
            "--traces", "t", "--json", "h.json").OutHas("database sqlite");
        Assert.Equal("sqlite", DatabaseOf(cli.PathOf("h.json")));
        cli.Run("fuzz", "--policy", "guarded", "--workloads", "2", "--schedules", "2", "--faults", "off", "--parallel", "1", "--database", "sqlite",
            "--scenarios", cli.Scenarios, "--json", "f.json").Exit(0);
        Assert.Equal("sqlite", DatabaseOf(cli.PathOf("f.json")));
        cli.Run("test", "double-share-delete", "--database", "oracle", "--scenarios", cli.Scenarios).BadInput("oracle");
    }
}
