// --database inmemory|sqlite: which database the simulated Manila runs on (EF Core InMemory, the fast default, or an
// in-memory SQLite, a real SQL engine for the conditional updates). Every report names the one it used.
using System.CommandLine;
using SimManila.Model;

namespace SimManila.Cli;

public static class DatabaseOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--database")
        {
            Description = "The database the simulated Manila runs on: inmemory (EF Core InMemory, fastest) or sqlite (a real SQL engine)",
            DefaultValueFactory = _ => "inmemory",
            HelpName = "inmemory|sqlite",
        };
        option.AcceptOnlyFromAmong("inmemory", "sqlite");
        return option;
    }

    public static DatabaseProvider Parse(string text) => text == "sqlite" ? DatabaseProvider.Sqlite : DatabaseProvider.InMemory;

    public static string Name(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? "sqlite" : "inmemory";
}
