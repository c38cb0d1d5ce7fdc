// Where a command writes the traces of its findings, named so that runs sharing one folder never overwrite each other:
// a test's trace names its iteration (and its shard), which no other shard of the run can have.
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Cli;

public static class TraceFiles
{
    /// <summary>hunt: "&lt;scenario&gt;.&lt;policy&gt;.json", one finding per scenario and policy.</summary>
    public static string Hunt(Scenario scenario, ConcurrencyPolicy policy) => $"{scenario.Name}.{CliOptions.Name(policy)}.json";

    /// <summary>test: "&lt;scenario&gt;.&lt;policy&gt;.it&lt;k&gt;.json", with the engine (".coyote") when not ours and
    /// ".shard&lt;i&gt;of&lt;N&gt;" when sharded before the iteration.</summary>
    public static string Test(Scenario scenario, ConcurrencyPolicy policy, string? engine, Shard? shard, long iteration) =>
        $"{scenario.Name}.{CliOptions.Name(policy)}{(engine is null ? "" : "." + engine)}{(shard is null ? "" : $".shard{shard.Index}of{shard.Count}")}.it{iteration}.json";

    /// <summary>Saves the trace; a folder that cannot be written is bad input naming it.</summary>
    public static string Save(SimTrace trace, string directory, string name)
    {
        var path = Path.Combine(directory, name);
        try
        {
            trace.Save(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"could not write the trace {path}: {e.Message}");
        }
        return path;
    }
}
