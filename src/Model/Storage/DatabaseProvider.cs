// Which EF Core provider backs a store.
namespace SimManila.Model;

public enum DatabaseProvider
{
    /// <summary>EF Core InMemory: the fast default, one isolated database root per store.</summary>
    InMemory,
    /// <summary>EF Core SQLite on a private in-memory connection: a real SQL engine with real conditional UPDATEs.</summary>
    Sqlite,
}
