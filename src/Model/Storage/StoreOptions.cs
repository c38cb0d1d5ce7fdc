// Builds DbContextOptions cheaply: the EF model is built once per provider and reused by every store.
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SimManila.Model;

internal static class StoreOptions
{
    // Built on first use by the runtime's type initialiser (thread-safe, no explicit locks needed).
    private static class InMemoryModel
    {
        public static readonly IModel Model = BuildModel(b => b.UseInMemoryDatabase("simmanila-model"));
    }

    private static class SqliteModel
    {
        public static readonly IModel Model = BuildModelOnSqlite();
        /// <summary>The schema DDL, generated once; running it is much cheaper than EnsureCreated per store.</summary>
        public static readonly string CreateScript = BuildCreateScript();
    }

    /// <summary>Creates the schema on a fresh, open in-memory connection.</summary>
    public static void CreateSqliteSchema(SqliteConnection openConnection)
    {
        using var command = openConnection.CreateCommand();
        command.CommandText = SqliteModel.CreateScript;
        command.ExecuteNonQuery();
    }

    private static string BuildCreateScript()
    {
        using var connection = new SqliteConnection("DataSource=:memory:");
        using var context = new ManilaDbContext(Sqlite(connection));
        return context.Database.GenerateCreateScript();
    }

    private static long nextDatabaseNumber;

    public static DbContextOptions<ManilaDbContext> InMemory(out string databaseName)
    {
        // One shared internal service provider; each store gets a database of its own by name, dropped on Dispose.
        // Not a fresh InMemoryDatabaseRoot per store: EF keys its process-wide internal service-provider cache on the
        // root (InMemoryOptionsExtension.ShouldUseSameServiceProvider), so every store would build, and leak, a provider.
        databaseName = "simmanila-" + Interlocked.Increment(ref nextDatabaseNumber);
        return new DbContextOptionsBuilder<ManilaDbContext>()
            .UseInMemoryDatabase(databaseName)
            .UseModel(InMemoryModel.Model)
            .EnableServiceProviderCaching()
            .Options;
    }

    public static DbContextOptions<ManilaDbContext> Sqlite(SqliteConnection openConnection) =>
        new DbContextOptionsBuilder<ManilaDbContext>()
            .UseSqlite(openConnection)
            .UseModel(SqliteModel.Model)
            .EnableServiceProviderCaching()
            .Options;

    private static IModel BuildModel(Action<DbContextOptionsBuilder<ManilaDbContext>> configure)
    {
        var builder = new DbContextOptionsBuilder<ManilaDbContext>();
        configure(builder);
        using var context = new ManilaDbContext(builder.Options);
        return context.Model;
    }

    private static IModel BuildModelOnSqlite()
    {
        using var connection = new SqliteConnection("DataSource=:memory:");
        return BuildModel(b => b.UseSqlite(connection));
    }
}
