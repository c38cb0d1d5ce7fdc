// Output locations checked before a run spends its budget: a directory option must not name a file, a file option must
// not name a directory (nor sit under a file). One message naming the option and the path, exit 2.
namespace SimManila.Cli;

public static class OutputPaths
{
    /// <summary>The full path of a directory the command will write into (created later, when there is something to write).</summary>
    public static string Directory(CliContext c, string option, string path)
    {
        var full = c.PathOf(path);
        if (System.IO.File.Exists(full)) throw new UsageException($"{option} {path}: is a file; expected a directory (it is created when missing)");
        CheckAncestors(option, path, full);
        return full;
    }

    /// <summary>The full path of a file the command will write, or null when the option was not given.</summary>
    public static string? File(CliContext c, string option, string? path)
    {
        if (path is null) return null;
        var full = c.PathOf(path);
        if (System.IO.Directory.Exists(full)) throw new UsageException($"{option} {path}: is a directory; expected a file name");
        CheckAncestors(option, path, Path.GetDirectoryName(full) ?? full);
        return full;
    }

    /// <summary>No folder on the way may be a file: creating it would fail after the run.</summary>
    static void CheckAncestors(string option, string shown, string directory)
    {
        for (var dir = directory; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            if (System.IO.File.Exists(dir)) throw new UsageException($"{option} {shown}: {dir} is a file, so nothing can be written under it");
    }
}
