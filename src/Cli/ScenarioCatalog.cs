// Finds scenarios: the directory (--scenarios; else scenarios/ of the repository found by walking up from the working
// directory to the folder holding SimManila.sln; else the catalogue shipped inside the tool), a scenario by name or by
// file path, and close matches for a name that is not there.
using Microsoft.Extensions.Logging;
using SimManila.Scenarios;

namespace SimManila.Cli;

public sealed class ScenarioCatalog(CliContext context, string? explicitDirectory)
{
    public const string SolutionFile = "SimManila.sln";

    IReadOnlyList<Scenario>? all;

    /// <summary>The folder holding SimManila.sln at or above <paramref name="start"/>, or null.</summary>
    public static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        return null;
    }

    public string Directory
    {
        get
        {
            if (explicitDirectory is not null)
            {
                var dir = context.PathOf(explicitDirectory);
                if (!System.IO.Directory.Exists(dir)) throw new UsageException($"--scenarios {explicitDirectory}: no such directory");
                return dir;
            }
            // Inside the repository its scenarios/ (edits show at once); anywhere else the catalogue the tool ships.
            if (RepositoryRoot(context.Host.WorkingDirectory) is { } root)
            {
                var scenarios = Path.Combine(root, "scenarios");
                if (!System.IO.Directory.Exists(scenarios)) throw new UsageException($"no scenarios/ folder in {root}", "pass --scenarios DIR");
                return scenarios;
            }
            if (context.Host.BundledScenarios is { } bundled && System.IO.Directory.Exists(bundled)) return bundled;
            throw new UsageException(
                $"no scenario catalogue: {SolutionFile} is not in {context.Host.WorkingDirectory} or any folder above it, and this build ships none",
                "run inside the SimManila repository, or pass --scenarios DIR");
        }
    }

    /// <summary>Every scenario of the directory, in file-name order; a bad file stops here with its message.</summary>
    public IReadOnlyList<Scenario> All()
    {
        if (all is not null) return all;
        var dir = Directory;
        context.Log.LogDebug("loading scenarios from {Directory}", dir);
        all = ScenarioLoader.LoadDirectory(dir);
        if (all.Count == 0) throw new UsageException($"no scenario files (*.json) in {context.Show(dir)}");
        context.Log.LogDebug("{Count} scenarios loaded", all.Count);
        return all;
    }

    /// <summary>A scenario named in the catalogue, or a scenario file (a path that exists, or ends in .json).</summary>
    public Scenario Resolve(string nameOrFile)
    {
        if (string.IsNullOrWhiteSpace(nameOrFile)) throw new UsageException("expected a scenario name or a scenario file, got an empty string");
        var asPath = context.PathOf(nameOrFile);
        // A folder is not a scenario, unless the catalogue has a scenario of that name.
        if (System.IO.Directory.Exists(asPath) && (nameOrFile.IndexOfAny(['/', '\\']) >= 0 || !CatalogueHas(nameOrFile)))
            throw new UsageException($"{nameOrFile}: is a directory; expected a scenario file or a scenario name",
                $"to run every scenario of a folder: simmanila hunt --scenarios {nameOrFile}");
        if (File.Exists(asPath))
        {
            context.Log.LogDebug("scenario file {File}", asPath);
            return ScenarioLoader.Load(asPath);
        }
        if (nameOrFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || nameOrFile.Contains('/') || nameOrFile.Contains('\\'))
            throw new UsageException($"scenario file not found: {nameOrFile}");
        return Named(nameOrFile);
    }

    bool CatalogueHas(string name)
    {
        try
        {
            return File.Exists(Path.Combine(Directory, name + ".json"));
        }
        catch (UsageException)
        {
            return false;
        }
    }

    /// <summary>The catalogue scenario of that name, or a UsageException with close matches.</summary>
    public Scenario Named(string name)
    {
        // The catalogue names each file after its scenario: try that file first, so one broken file elsewhere does not
        // stop a look-up.
        var direct = Path.Combine(Directory, name + ".json");
        if (File.Exists(direct))
        {
            var scenario = ScenarioLoader.Load(direct);
            if (scenario.Name == name) return scenario;
        }
        var found = All().FirstOrDefault(s => s.Name == name);
        if (found is not null) return found;
        throw Unknown(name, All().Select(s => s.Name));
    }

    public UsageException Unknown(string name, IEnumerable<string> names)
    {
        var close = CloseMatches(name, names);
        return close.Count > 0
            ? new UsageException($"unknown scenario '{name}'", $"did you mean: {string.Join(", ", close)}?")
            : new UsageException($"unknown scenario '{name}'", $"'simmanila scenarios list' shows the {names.Count()} scenarios in {context.Show(Directory)}");
    }

    /// <summary>Names within a small edit distance, or containing / contained in the query; best first, at most 3.</summary>
    public static IReadOnlyList<string> CloseMatches(string query, IEnumerable<string> names)
    {
        var q = query.ToLowerInvariant();
        return names
            .Select(n => (name: n, distance: EditDistance.Between(q, n.ToLowerInvariant()),
                contains: n.Contains(q, StringComparison.OrdinalIgnoreCase) || q.Contains(n, StringComparison.OrdinalIgnoreCase) || SharedWords(q, n.ToLowerInvariant()) >= 0.5))
            .Where(c => c.contains || c.distance <= Math.Max(2, q.Length / 3))
            .OrderBy(c => c.contains ? Math.Min(c.distance, 1) : c.distance)
            .ThenBy(c => c.distance)
            .ThenBy(c => c.name, StringComparer.Ordinal)
            .Take(3)
            .Select(c => c.name)
            .ToList();
    }

    /// <summary>Words (split at '-') both names have, over the words of either.</summary>
    static double SharedWords(string a, string b)
    {
        var x = a.Split('-', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var y = b.Split('-', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        int union = x.Union(y).Count();
        return union == 0 ? 0 : (double)x.Intersect(y).Count() / union;
    }
}
