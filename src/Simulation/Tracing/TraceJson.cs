// The JSON form of a trace: written by hand for a stable byte-for-byte layout, read strictly with named-field errors.
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SimManila.Simulation;

internal static class TraceJson
{
    const string FormatName = "simmanila-trace";

    public static string Write(SimTrace t)
    {
        var s = new StringBuilder(256 + t.Decisions.Count * 24);
        s.Append("{\n");
        s.Append("  \"format\": \"").Append(FormatName).Append("\",\n");
        s.Append("  \"version\": ").Append(t.FormatVersion).Append(",\n");
        s.Append("  \"program\": ").Append(Quote(t.ProgramName)).Append(",\n");
        s.Append("  \"strategy\": ").Append(Quote(t.Strategy)).Append(",\n");
        s.Append("  \"runSeed\": \"").Append(t.RunSeed.ToString(CultureInfo.InvariantCulture)).Append("\",\n");
        s.Append("  \"iteration\": ").Append(t.Iteration.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        s.Append("  \"iterationSeed\": \"").Append(t.IterationSeed.ToString(CultureInfo.InvariantCulture)).Append("\",\n");
        s.Append("  \"maxSteps\": ").Append(t.MaxSteps.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        s.Append("  \"pctDepth\": ").Append(t.PctDepth.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        s.Append("  \"faults\": {\"enabledSites\": [");
        for (int i = 0; i < t.Faults.EnabledSites.Count; i++) s.Append(i == 0 ? "" : ", ").Append(Quote(t.Faults.EnabledSites[i]));
        s.Append("], \"activationProbability\": ").Append(t.Faults.ActivationProbability.ToString("R", CultureInfo.InvariantCulture));
        s.Append(", \"fireProbability\": ").Append(t.Faults.FireProbability.ToString("R", CultureInfo.InvariantCulture)).Append("},\n");
        if (t.BugKind is { } kind)
        {
            s.Append("  \"bug\": {\"kind\": \"").Append(kind).Append("\", \"step\": ").Append(t.BugStep.ToString(CultureInfo.InvariantCulture));
            s.Append(", \"operation\": ").Append(t.BugOperation is null ? "null" : Quote(t.BugOperation));
            s.Append(", \"message\": ").Append(t.BugMessage is null ? "null" : Quote(t.BugMessage)).Append("},\n");
        }
        else
        {
            s.Append("  \"bug\": null,\n");
        }
        s.Append("  \"decisions\": [");
        for (int i = 0; i < t.Decisions.Count; i++)
        {
            var d = t.Decisions[i];
            s.Append(i == 0 ? "\n    " : ",\n    ");
            switch (d.Kind)
            {
                case DecisionKind.Schedule: s.Append("{\"op\": ").Append(d.Value).Append(", \"of\": ").Append(d.Bound).Append('}'); break;
                case DecisionKind.Bool: s.Append("{\"bool\": ").Append(d.Value != 0 ? "true" : "false").Append('}'); break;
                default: s.Append("{\"int\": ").Append(d.Value).Append(", \"min\": ").Append(d.Min).Append(", \"max\": ").Append(d.Bound).Append('}'); break;
            }
        }
        s.Append(t.Decisions.Count == 0 ? "]" : "\n  ]");
        // Last, so the head of the file reads the same with or without it.
        if (t.ProgramDescription is not null) s.Append(",\n  \"programDescription\": ").Append(Quote(t.ProgramDescription));
        s.Append("\n}\n");
        return s.ToString();
    }

    static string Quote(string text) => JsonSerializer.Serialize(text);

    public static SimTrace Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new TraceFormatException($"trace is not valid JSON (truncated or corrupt): {ex.Message}", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new TraceFormatException("trace: expected a JSON object");
            if (String(root, "format") != FormatName) throw new TraceFormatException($"trace field 'format': expected \"{FormatName}\"");
            int version = Int(root, "version");
            if (version != SimTrace.CurrentFormatVersion)
                throw new TraceFormatException($"trace field 'version': this engine reads version {SimTrace.CurrentFormatVersion}, got {version}");
            var faults = Field(root, "faults", JsonValueKind.Object);
            var sites = new List<string>();
            foreach (var site in Field(faults, "enabledSites", JsonValueKind.Array, "faults.").EnumerateArray())
            {
                if (site.ValueKind != JsonValueKind.String) throw new TraceFormatException("trace field 'faults.enabledSites': expected strings");
                sites.Add(site.GetString()!);
            }
            var decisions = new List<Decision>();
            int index = 0;
            foreach (var d in Field(root, "decisions", JsonValueKind.Array).EnumerateArray())
            {
                var where = $"decisions[{index}].";
                if (d.ValueKind != JsonValueKind.Object) throw new TraceFormatException($"trace field 'decisions[{index}]': expected an object");
                if (d.TryGetProperty("op", out _))
                {
                    int op = Int(d, "op", where), of = Int(d, "of", where);
                    if (op < 0 || of < 2) throw new TraceFormatException($"trace field '{where}op': expected op >= 0 and of >= 2, got op {op} of {of}");
                    decisions.Add(Decision.Schedule(op, of));
                }
                else if (d.TryGetProperty("bool", out var b))
                {
                    if (b.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new TraceFormatException($"trace field '{where}bool': expected true or false");
                    decisions.Add(Decision.Bool(b.GetBoolean()));
                }
                else if (d.TryGetProperty("int", out _))
                {
                    int value = Int(d, "int", where), min = Int(d, "min", where), max = Int(d, "max", where);
                    if (value < min || value >= max) throw new TraceFormatException($"trace field '{where}int': expected a value in [{min},{max}), got {value}");
                    decisions.Add(Decision.Int(value, min, max));
                }
                else throw new TraceFormatException($"trace field 'decisions[{index}]': expected one of op/bool/int");
                index++;
            }
            BugKind? bugKind = null;
            int bugStep = 0;
            string? bugOperation = null, bugMessage = null;
            if (root.TryGetProperty("bug", out var bug) && bug.ValueKind == JsonValueKind.Object)
            {
                var kindText = String(bug, "kind", "bug.");
                if (!Enum.TryParse<BugKind>(kindText, out var parsed)) throw new TraceFormatException($"trace field 'bug.kind': unknown bug kind '{kindText}'");
                bugKind = parsed;
                bugStep = Int(bug, "step", "bug.");
                bugOperation = bug.TryGetProperty("operation", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
                bugMessage = bug.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
            string? description = null;
            if (root.TryGetProperty("programDescription", out var described) && described.ValueKind != JsonValueKind.Null)
                description = described.ValueKind == JsonValueKind.String
                    ? described.GetString()
                    : throw new TraceFormatException($"trace field 'programDescription': expected a string or null, got {described.ValueKind}");
            var trace = new SimTrace
            {
                FormatVersion = version,
                ProgramName = String(root, "program"),
                ProgramDescription = description,
                Strategy = String(root, "strategy"),
                RunSeed = ULong(root, "runSeed"),
                Iteration = Long(root, "iteration"),
                IterationSeed = ULong(root, "iterationSeed"),
                MaxSteps = Int(root, "maxSteps"),
                PctDepth = Int(root, "pctDepth"),
                Faults = new FaultSettings
                {
                    EnabledSites = sites,
                    ActivationProbability = Double(faults, "activationProbability", "faults."),
                    FireProbability = Double(faults, "fireProbability", "faults."),
                },
                Decisions = decisions,
                BugKind = bugKind,
                BugStep = bugStep,
                BugOperation = bugOperation,
                BugMessage = bugMessage,
            };
            trace.Validate("trace");
            return trace;
        }
    }

    static JsonElement Field(JsonElement obj, string name, JsonValueKind kind, string prefix = "")
    {
        if (!obj.TryGetProperty(name, out var value)) throw new TraceFormatException($"trace field '{prefix}{name}' is missing");
        if (value.ValueKind != kind) throw new TraceFormatException($"trace field '{prefix}{name}': expected {kind}, got {value.ValueKind}");
        return value;
    }

    static string String(JsonElement obj, string name, string prefix = "") => Field(obj, name, JsonValueKind.String, prefix).GetString()!;

    static int Int(JsonElement obj, string name, string prefix = "")
    {
        var value = Field(obj, name, JsonValueKind.Number, prefix);
        if (!value.TryGetInt32(out var result)) throw new TraceFormatException($"trace field '{prefix}{name}': expected a 32-bit integer, got {value.GetRawText()}");
        return result;
    }

    static long Long(JsonElement obj, string name, string prefix = "")
    {
        var value = Field(obj, name, JsonValueKind.Number, prefix);
        if (!value.TryGetInt64(out var result)) throw new TraceFormatException($"trace field '{prefix}{name}': expected an integer, got {value.GetRawText()}");
        return result;
    }

    static double Double(JsonElement obj, string name, string prefix = "") => Field(obj, name, JsonValueKind.Number, prefix).GetDouble();

    static ulong ULong(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value)) throw new TraceFormatException($"trace field '{name}' is missing");
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var n)) return n;
        if (value.ValueKind == JsonValueKind.String && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n)) return n;
        throw new TraceFormatException($"trace field '{name}': expected an unsigned 64-bit integer (number or decimal string), got {value.GetRawText()}");
    }
}
