// A Coyote finding's reproducible trace: Coyote's own JSON (what TestingEngine.ReproducibleTrace holds, which Coyote
// replays), its TestName set to our program name, plus a "SimManila" member Coyote ignores that keeps what our side
// needs to rebuild the same program (step limit, faults) and the bug the trace ended with.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SimManila.Simulation.Coyote;

public sealed record CoyoteTrace
{
    const string Member = "SimManila";

    /// <summary>The trace JSON, exactly as written to the file.</summary>
    public required string Json { get; init; }
    public required string ProgramName { get; init; }
    public required string Strategy { get; init; }
    public int MaxSteps { get; init; }
    public FaultSettings Faults { get; init; } = new();
    public BugKind? BugKind { get; init; }
    public int BugStep { get; init; }
    public string? BugOperation { get; init; }
    public string? BugMessage { get; init; }

    /// <summary>Coyote's scheduling and choice decisions in the trace.</summary>
    public int CoyoteSteps => JsonNode.Parse(Json)!["Steps"]!.AsArray().Count;

    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        File.WriteAllText(path, Json);
    }

    /// <summary>Coyote's reproducible trace of one bug, completed with our side of it.</summary>
    internal static CoyoteTrace From(string coyoteJson, BugReport bug)
    {
        var root = JsonNode.Parse(coyoteJson)!.AsObject();
        var t = bug.Trace;
        root["TestName"] = t.ProgramName;
        root[Member] = new JsonObject
        {
            ["program"] = t.ProgramName,
            ["strategy"] = t.Strategy,
            ["iteration"] = t.Iteration,
            ["maxSteps"] = t.MaxSteps,
            ["faults"] = new JsonObject
            {
                ["enabledSites"] = new JsonArray(t.Faults.EnabledSites.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                ["activationProbability"] = t.Faults.ActivationProbability,
                ["fireProbability"] = t.Faults.FireProbability,
            },
            ["bug"] = new JsonObject
            {
                ["kind"] = bug.Kind.ToString(), ["step"] = bug.Step, ["operation"] = bug.OperationName, ["message"] = bug.Message,
            },
        };
        var json = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        return Parse(json)!;
    }

    /// <summary>True when the text looks like a Coyote trace (an object with Coyote's Settings and Steps).</summary>
    public static bool IsCoyoteTrace(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject o && o["Settings"] is JsonObject && o["Steps"] is JsonArray;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads a Coyote trace written by simmanila; a bad one is a TraceFormatException naming the field.</summary>
    public static CoyoteTrace Parse(string text)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text) as JsonObject ?? throw new TraceFormatException("Coyote trace: expected a JSON object");
        }
        catch (JsonException ex)
        {
            throw new TraceFormatException($"Coyote trace is not valid JSON: {ex.Message}", ex);
        }
        if (root["Settings"] is not JsonObject settings || root["Steps"] is not JsonArray)
            throw new TraceFormatException("Coyote trace: expected Coyote's 'Settings' and 'Steps' fields");
        if (root[Member] is not JsonObject ours)
            throw new TraceFormatException($"Coyote trace: no '{Member}' field (a trace written by simmanila test --engine coyote names its program there)");
        var faults = Field<JsonObject>(ours, Member, "faults");
        var bug = ours["bug"] as JsonObject;
        return new CoyoteTrace
        {
            Json = text,
            ProgramName = Value<string>(ours, Member, "program"),
            Strategy = ours["strategy"] is JsonValue strategy ? strategy.GetValue<string>() : "coyote",
            MaxSteps = Value<int>(ours, Member, "maxSteps"),
            Faults = new FaultSettings
            {
                EnabledSites = Field<JsonArray>(faults, Member + ".faults", "enabledSites").Select(s => s is JsonValue v && v.TryGetValue(out string? site)
                    ? site : throw new TraceFormatException($"Coyote trace field '{Member}.faults.enabledSites': expected strings")).ToArray(),
                ActivationProbability = Value<double>(faults, Member + ".faults", "activationProbability"),
                FireProbability = Value<double>(faults, Member + ".faults", "fireProbability"),
            },
            BugKind = bug is null ? null : Enum.TryParse<BugKind>(Value<string>(bug, Member + ".bug", "kind"), out var kind) ? kind
                : throw new TraceFormatException($"Coyote trace field '{Member}.bug.kind': expected one of {string.Join(", ", Enum.GetNames<BugKind>())}"),
            BugStep = bug is null ? 0 : Value<int>(bug, Member + ".bug", "step"),
            BugOperation = bug?["operation"] is JsonValue op ? op.GetValue<string>() : null,
            BugMessage = bug?["message"] is JsonValue message ? message.GetValue<string>() : null,
        };
    }

    static T Field<T>(JsonObject parent, string path, string name) where T : JsonNode =>
        parent[name] as T ?? throw new TraceFormatException(
            $"Coyote trace field '{path}.{name}': missing or not a JSON {(typeof(T) == typeof(JsonArray) ? "array" : "object")}");

    static T Value<T>(JsonObject parent, string path, string name) =>
        parent[name] is JsonValue value && value.TryGetValue(out T? result) && result is not null
            ? result
            : throw new TraceFormatException($"Coyote trace field '{path}.{name}': missing or not a {typeof(T).Name.ToLowerInvariant()}");
}
