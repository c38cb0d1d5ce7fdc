// A reproducible record of one iteration: program, settings, seeds, every decision, and the bug it ended with; with a
// program description, everything needed to rebuild the program too, so a trace file replays on its own.
using System.Text.RegularExpressions;

namespace SimManila.Simulation;

public sealed partial record SimTrace
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required string ProgramName { get; init; }
    /// <summary>What the program is, in a form its host can rebuild it from (a scenario file's text, say). The engine
    /// stores it and never reads it; null when the program is code that only its host knows.</summary>
    public string? ProgramDescription { get; init; }
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

    /// <summary>Accepts either the JSON text or a compact "sm1:"/"sm2:" string (another "smN:" is named as an unknown
    /// compact version, not as bad JSON).</summary>
    public static SimTrace Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return LooksCompact(trimmed) ? FromCompactString(trimmed) : FromJson(trimmed);
    }

    /// <summary>"sm" + a version number + ":": the compact form, whichever version.</summary>
    public static bool LooksCompact(string text) => CompactPrefix().IsMatch(text);

    [GeneratedRegex(@"^\s*sm[0-9]+:")]
    private static partial Regex CompactPrefix();

    /// <summary>The checks both readers make once the fields are read: each names the field and what was expected.</summary>
    internal void Validate(string where)
    {
        if (string.IsNullOrWhiteSpace(ProgramName)) throw new TraceFormatException($"{where} field 'program': expected a non-empty program name");
        if (!TraceStrategies.IsKnown(Strategy))
            throw new TraceFormatException($"{where} field 'strategy': unknown strategy '{Strategy}'; expected one of {string.Join(", ", TraceStrategies.Known)}, portfolio/<one of them> or coyote/<{string.Join("|", TraceStrategies.Coyote)}>");
        if (Iteration < 0) throw new TraceFormatException($"{where} field 'iteration': expected an iteration index >= 0, got {Iteration}");
        if (MaxSteps <= 0) throw new TraceFormatException($"{where} field 'maxSteps': expected a positive number, got {MaxSteps}");
        if (PctDepth <= 0) throw new TraceFormatException($"{where} field 'pctDepth': expected a PCT depth >= 1, got {PctDepth}");
        Probability(where, "faults.activationProbability", Faults.ActivationProbability);
        Probability(where, "faults.fireProbability", Faults.FireProbability);
        if (BugKind is { } kind && !Enum.IsDefined(kind)) throw new TraceFormatException($"{where} field 'bug.kind': unknown bug kind {(int)kind}");
        if (BugStep < 0) throw new TraceFormatException($"{where} field 'bug.step': expected a step index >= 0, got {BugStep}");
    }

    static void Probability(string where, string field, double value)
    {
        if (!(value is >= 0 and <= 1)) throw new TraceFormatException($"{where} field '{field}': expected a probability in [0, 1], got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    public bool Equivalent(SimTrace other) =>
        FormatVersion == other.FormatVersion && ProgramName == other.ProgramName && ProgramDescription == other.ProgramDescription &&
        Strategy == other.Strategy &&
        RunSeed == other.RunSeed && Iteration == other.Iteration && IterationSeed == other.IterationSeed &&
        MaxSteps == other.MaxSteps && PctDepth == other.PctDepth && BugKind == other.BugKind && BugStep == other.BugStep &&
        Decisions.SequenceEqual(other.Decisions) && Faults.EnabledSites.SequenceEqual(other.Faults.EnabledSites) &&
        Faults.ActivationProbability == other.Faults.ActivationProbability && Faults.FireProbability == other.Faults.FireProbability;
}
