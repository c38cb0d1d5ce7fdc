// Paths in the repository the tests read, found by walking up from the test assembly to SimManila.sln. One copy,
// linked into every test project by tests/Directory.Build.targets.
namespace SimManila.Tests;

internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SimManila.sln")))
                return dir.FullName;
        throw new InvalidOperationException("SimManila.sln not found above " + AppContext.BaseDirectory);
    }
}
