// A reproducible record of one iteration: program, settings, seeds, every decision, and the bug it ended with.
namespace SimManila.Simulation;

public sealed record SimTrace
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required string ProgramName { get; init; }
    public string Strategy { get; init; } = "";
    public ulong RunSeed { get; init; }
    public long Iteration { get; init; }
    public ulong IterationSeed { get; init; }
    public int MaxSteps { get; init; } = 10_000;
    public int PctDepth { get; init; } = 3;
    public FaultSettings Faults { get; init; } = new();
    public IReadOnlyList<Decision> Decisions { get; init; } = [];

    // The outcome when the trace was recorded (null kind: the iteration ended without a bug).
    public BugKind? BugKind { get; init; }
    public int BugStep { get; init; }
    public string? BugOperation { get; init; }
    public string? BugMessage { get; init; }

    public string ToJson() => TraceJson.Write(this);
    public static SimTrace FromJson(string text) => TraceJson.Read(text);
    public string ToCompactString() => TraceCompact.Write(this);
    public static SimTrace FromCompactString(string text) => TraceCompact.Read(text);

    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        File.WriteAllText(path, ToJson());
    }

    public static SimTrace Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"trace file not found: {path}", path);
        return FromJson(File.ReadAllText(path));
    }

    /// <summary>Accepts either the JSON text or the compact "sm1:" string.</summary>
    public static SimTrace Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return trimmed.StartsWith(TraceCompact.Prefix, StringComparison.Ordinal) ? FromCompactString(trimmed) : FromJson(trimmed);
    }

    public bool Equivalent(SimTrace other) =>
        FormatVersion == other.FormatVersion && ProgramName == other.ProgramName && Strategy == other.Strategy &&
        RunSeed == other.RunSeed && Iteration == other.Iteration && IterationSeed == other.IterationSeed &&
        MaxSteps == other.MaxSteps && PctDepth == other.PctDepth && BugKind == other.BugKind && BugStep == other.BugStep &&
        Decisions.SequenceEqual(other.Decisions) && Faults.EnabledSites.SequenceEqual(other.Faults.EnabledSites) &&
        Faults.ActivationProbability == other.Faults.ActivationProbability && Faults.FireProbability == other.Faults.FireProbability;
}
