// The compact, paste-able trace: "sm1:" + base64url of a varint-packed header and decisions, with a checksum. A trace
// with a program description is "sm2:", the same layout with the description (UTF-8) after the decisions.
using System.Text;

namespace SimManila.Simulation;

internal static class TraceCompact
{
    public const string Prefix = "sm1:";
    public const string DescribedPrefix = "sm2:";

    /// <summary>The compact version a trace is written as: 2 when it carries a program description.</summary>
    const int Plain = 1, Described = 2;

    public static string Write(SimTrace t)
    {
        var w = new List<byte>(64 + t.Decisions.Count * 2 + (t.ProgramDescription?.Length ?? 0));
        int version = t.ProgramDescription is null ? Plain : Described;
        Var(w, (ulong)version);
        Str(w, t.ProgramName);
        Str(w, t.Strategy);
        Var(w, t.RunSeed);
        Var(w, (ulong)t.Iteration);
        Var(w, t.IterationSeed);
        Var(w, (ulong)t.MaxSteps);
        Var(w, (ulong)t.PctDepth);
        Var(w, (ulong)t.Faults.EnabledSites.Count);
        foreach (var site in t.Faults.EnabledSites) Str(w, site);
        Var(w, (ulong)BitConverter.DoubleToInt64Bits(t.Faults.ActivationProbability));
        Var(w, (ulong)BitConverter.DoubleToInt64Bits(t.Faults.FireProbability));
        Var(w, t.BugKind is { } kind ? (ulong)kind + 1 : 0);
        Var(w, (ulong)t.BugStep);
        Var(w, (ulong)t.Decisions.Count);
        foreach (var d in t.Decisions)
        {
            switch (d.Kind)
            {
                case DecisionKind.Schedule: Var(w, (ulong)d.Value << 2); Var(w, (ulong)d.Bound); break;
                case DecisionKind.Bool: Var(w, ((ulong)d.Value << 2) | 1); break;
                default: Var(w, 2); Var(w, ZigZag(d.Value)); Var(w, ZigZag(d.Min)); Var(w, ZigZag(d.Bound)); break;
            }
        }
        if (t.ProgramDescription is { } description) Str(w, description);
        uint sum = Checksum(w);
        for (int i = 0; i < 4; i++) w.Add((byte)(sum >> (8 * i)));
        return (version == Plain ? Prefix : DescribedPrefix) + Convert.ToBase64String(w.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static SimTrace Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        int prefixVersion = text.StartsWith(Prefix, StringComparison.Ordinal) ? Plain : text.StartsWith(DescribedPrefix, StringComparison.Ordinal) ? Described : 0;
        if (prefixVersion == 0)
        {
            if (SimTrace.LooksCompact(text))
                throw new TraceFormatException($"compact trace version '{text[..(text.IndexOf(':') + 1)]}' is not one this engine reads (it reads '{Prefix}' and '{DescribedPrefix}'): written by a newer simmanila, or mistyped");
            throw new TraceFormatException($"compact trace: expected the prefix '{Prefix}' or '{DescribedPrefix}', got '{(text.Length > 8 ? text[..8] + "..." : text)}'");
        }
        var body = new StringBuilder(text.Length);
        foreach (var c in text.AsSpan(Prefix.Length))
        {
            if (char.IsWhiteSpace(c)) continue; // pasted across lines
            body.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }
        while (body.Length % 4 != 0) body.Append('=');
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(body.ToString());
        }
        catch (FormatException ex)
        {
            throw new TraceFormatException("compact trace: not valid base64url (corrupt or truncated)", ex);
        }
        if (bytes.Length < 5) throw new TraceFormatException("compact trace: too short (truncated)");
        uint expected = (uint)(bytes[^4] | bytes[^3] << 8 | bytes[^2] << 16 | bytes[^1] << 24);
        var payload = new List<byte>(bytes[..^4]);
        if (Checksum(payload) != expected) throw new TraceFormatException("compact trace: checksum mismatch (corrupt or truncated)");
        var r = new Reader(bytes, bytes.Length - 4);
        int version = (int)r.Var("version");
        if (version != prefixVersion) throw new TraceFormatException($"compact trace field 'version': expected {prefixVersion} (prefix sm{prefixVersion}:), got {version}");
        var program = r.Str("program");
        var strategy = r.Str("strategy");
        ulong runSeed = r.Var("runSeed");
        long iteration = (long)r.Var("iteration");
        ulong iterationSeed = r.Var("iterationSeed");
        int maxSteps = (int)r.Var("maxSteps");
        int pctDepth = (int)r.Var("pctDepth");
        int siteCount = (int)r.Var("faults.enabledSites");
        var sites = new List<string>();
        for (int i = 0; i < siteCount; i++) sites.Add(r.Str("faults.enabledSites"));
        double activation = BitConverter.Int64BitsToDouble((long)r.Var("faults.activationProbability"));
        double fire = BitConverter.Int64BitsToDouble((long)r.Var("faults.fireProbability"));
        ulong bugCode = r.Var("bug.kind");
        int bugStep = (int)r.Var("bug.step");
        int count = (int)r.Var("decisions.count");
        var decisions = new List<Decision>(Math.Min(count, 1 << 20));
        for (int i = 0; i < count; i++)
        {
            ulong head = r.Var($"decisions[{i}]");
            switch (head & 3)
            {
                case 0: decisions.Add(Decision.Schedule((int)(head >> 2), (int)r.Var($"decisions[{i}].of"))); break;
                case 1: decisions.Add(Decision.Bool((head >> 2) != 0)); break;
                case 2:
                    int value = UnZigZag(r.Var($"decisions[{i}].int")), min = UnZigZag(r.Var($"decisions[{i}].min")), max = UnZigZag(r.Var($"decisions[{i}].max"));
                    decisions.Add(Decision.Int(value, min, max));
                    break;
                default: throw new TraceFormatException($"compact trace field 'decisions[{i}]': unknown decision tag");
            }
        }
        string? description = version == Described ? r.Str("programDescription") : null;
        if (!r.AtEnd) throw new TraceFormatException("compact trace: unexpected bytes after the decisions");
        var trace = new SimTrace
        {
            FormatVersion = SimTrace.CurrentFormatVersion, ProgramName = program, ProgramDescription = description, Strategy = strategy, RunSeed = runSeed, Iteration = iteration,
            IterationSeed = iterationSeed, MaxSteps = maxSteps, PctDepth = pctDepth,
            Faults = new FaultSettings { EnabledSites = sites, ActivationProbability = activation, FireProbability = fire },
            BugKind = bugCode == 0 ? null : (BugKind)(int)(bugCode - 1), BugStep = bugStep, Decisions = decisions,
        };
        trace.Validate("compact trace");
        return trace;
    }

    static void Var(List<byte> w, ulong v)
    {
        while (v >= 0x80) { w.Add((byte)(v | 0x80)); v >>= 7; }
        w.Add((byte)v);
    }

    static void Str(List<byte> w, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        Var(w, (ulong)bytes.Length);
        w.AddRange(bytes);
    }

    static ulong ZigZag(int v) => (ulong)(uint)((v << 1) ^ (v >> 31));
    static int UnZigZag(ulong v) => (int)((uint)v >> 1) ^ -(int)((uint)v & 1);

    static uint Checksum(List<byte> bytes)
    {
        uint h = 2166136261;
        foreach (var b in bytes) h = (h ^ b) * 16777619;
        return h;
    }

    sealed class Reader(byte[] bytes, int end)
    {
        int position;

        public bool AtEnd => position == end;

        public ulong Var(string field)
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (position >= end) throw new TraceFormatException($"compact trace field '{field}': truncated");
                byte b = bytes[position++];
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return result;
            }
            throw new TraceFormatException($"compact trace field '{field}': varint too long (corrupt)");
        }

        public string Str(string field)
        {
            ulong length = Var(field);
            if (length > (ulong)(end - position)) throw new TraceFormatException($"compact trace field '{field}': truncated");
            var s = Encoding.UTF8.GetString(bytes, position, (int)length);
            position += (int)length;
            return s;
        }
    }
}
