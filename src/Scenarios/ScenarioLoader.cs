// Reads scenario files (scenarios/*.json, format in docs/writing-a-scenario.md) into Scenario records, by hand over
// JsonDocument so that every rejection names the exact JSON path; and writes a Scenario back as a file (the property
// tests print shrunk counterexamples that way). A bad file gives one ScenarioFormatException: the file, the line when
// the JSON is malformed, the path of the offending value and what was expected there.
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using SimManila.Scenarios.Invariants;
using SimManila.Services.History;

namespace SimManila.Scenarios;

public static partial class ScenarioLoader
{
    /// <summary>The JSON Schema beside the scenario files; LoadDirectory skips it.</summary>
    public const string SchemaFileName = "scenario.schema.json";

    /// <summary>The "expect" value meaning no invariant may break.</summary>
    public const string Clean = "clean";

    /// <summary>A file may ask for the distributed coordinator under both policies; "host-local" (Legacy's own) cannot run
    /// under Guarded, and every scenario runs under both.</summary>
    public static readonly IReadOnlyList<string> CoordinatorKinds = ["distributed"];

    /// <summary>Scenario names become file names (traces, reports) with a suffix: they stay well under the 255 bytes a
    /// file name may have.</summary>
    public const int LongestName = 100;
    public static readonly IReadOnlyList<string> ReplicationTypes = ["readable", "writable", "dr"];

    public static Scenario Load(string path) => Parse(File.ReadAllText(path, Encoding.UTF8), path);

    /// <summary>Parses one scenario; <paramref name="fileName"/> names it in messages and becomes SourceFile.</summary>
    public static Scenario Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.StartsWith('\uFEFF') ? json[1..] : json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw Malformed(json, fileName, e);
        }
        using (document)
            return new Reader(fileName).Scenario(document.RootElement);
    }

    /// <summary>Every *.json in <paramref name="directory"/> but the schema, in ordinal file-name order; scenario names
    /// must be unique across them.</summary>
    public static IReadOnlyList<Scenario> LoadDirectory(string directory)
    {
        var files = Directory.GetFiles(directory, "*.json")
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) && Path.GetFileName(f) != SchemaFileName)
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
        var scenarios = new List<Scenario>(files.Count);
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var scenario = Load(file);
            if (byName.TryGetValue(scenario.Name, out var first))
                throw new ScenarioFormatException(file, "$.name",
                    $"scenario name \"{scenario.Name}\" is already used by {first}; expected a name unique among the scenario files");
            byName[scenario.Name] = file;
            scenarios.Add(scenario);
        }
        return scenarios;
    }

    // ---- malformed JSON: System.Text.Json gives the line and byte; a second pass with a reader finds the path ----

    static ScenarioFormatException Malformed(string json, string fileName, JsonException e)
    {
        var reason = e.Message;
        int cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) reason = reason[..cut];
        int? line = e.LineNumber is long l ? (int)l + 1 : null;
        var where = e.BytePositionInLine is long b ? $" (line {line}, byte {b + 1})" : "";
        return new ScenarioFormatException(fileName, PathAtError(json), $"malformed JSON{where}: {reason}", line, e);
    }

    /// <summary>The JSON path the reader had reached when the text went wrong.</summary>
    static string PathAtError(string json)
    {
        var frames = new List<(bool Array, int Index, string? Property)>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json.TrimStart('\uFEFF')), new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (frames.Count > 0) frames[^1] = (false, 0, reader.GetString());
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        Advance();
                        frames.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    default:
                        Advance();
                        break;
                }
            }
        }
        catch (JsonException)
        {
        }
        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.Array && frame.Index >= 0) path.Append('[').Append(frame.Index).Append(']');
            else if (!frame.Array && frame.Property is not null) path.Append(Member(frame.Property));
        }
        return path.ToString();

        void Advance()
        {
            if (frames.Count > 0 && frames[^1].Array) frames[^1] = (true, frames[^1].Index + 1, null);
        }
    }

    /// <summary>"a share", "an access".</summary>
    internal static string A(string? noun) => noun is [var c, ..] && "aeiou".Contains(c) ? "an " + noun : "a " + noun;

    internal static string Member(string key) =>
        IdentifierRegex().IsMatch(key) ? "." + key : "['" + key.Replace("'", "\\'", StringComparison.Ordinal) + "']";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    internal static partial Regex KebabCase();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    internal static partial Regex VariableName();

    /// <summary>The candidate closest to <paramref name="word"/> by edit distance (case-insensitive), when close enough
    /// to be a likely typo.</summary>
    internal static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int d = EditDistance.Between(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return best is not null && bestDistance <= Math.Max(2, best.Length / 3) ? best : null;
    }


    // ---- the parser ----

    sealed class Reader(string file)
    {
        // "$schema" lets an editor find scenario.schema.json; the loader accepts any string there and ignores it.
        static readonly string[] RootKeys =
            ["$schema", "name", "description", "reference", "topology", "setup", "concurrent", "periodicTasks", "faults", "startWithinMs", "runForSeconds", "expect"];
        static readonly string[] TopologyKeys = ["apiWorkers", "coordinator", "deferredDeletion", "reproduceFixedBugs", "restartAfterSeconds", "driverLatencyMs", "backends"];
        static readonly string[] BackendKeys =
        [
            "host", "snapshotSupport", "createShareFromSnapshotSupport", "revertToSnapshotSupport", "ipv6Support",
            "driverHandlesShareServers", "replicationType", "accessTypes", "capacityGb", "concurrentSnapshotsSafe",
            "securityServiceUpdateSupport", "networkAllocationUpdateSupport", "thinProvisioning", "answers",
        ];
        static readonly string[] FaultKeys = ["site", "host", "plan", "n", "delayMs"];
        static readonly string[] Plans = ["may", "once", "always", "nth", "delay"];
        static readonly string[] CallKeys = ["call", "args", "as", "worker", "settle"];
        static readonly string[] ExpectKeys = ["legacy", "guarded"];

        /// <summary>Variables bound by set-up calls so far: name to the kind created and where it was bound.</summary>
        readonly Dictionary<string, (string? Kind, string Path, string Call)> variables = new(StringComparer.Ordinal);

        ScenarioFormatException Fail(string path, string problem) => new(file, path, problem);

        public Scenario Scenario(JsonElement root)
        {
            var o = Object(root, "$", "a scenario object", RootKeys, ["name", "description", "reference", "concurrent", "expect"]);
            if (o.TryGetValue("$schema", out var schema)) String(schema, "$['$schema']", "the schema's location");
            var name = String(o["name"], "$.name", "a kebab-case scenario name");
            if (!KebabCase().IsMatch(name))
                throw Fail("$.name", $"expected a kebab-case name (lower-case letters and digits in words joined by '-', e.g. \"double-share-delete\"), found {Describe(o["name"])}");
            if (name.Length > LongestName)
                throw Fail("$.name", $"expected a name of at most {LongestName} characters (it names trace files), found one of {name.Length}");
            var description = NonEmptyString(o["description"], "$.description", "a non-empty description of the race");
            var reference = NonEmptyString(o["reference"], "$.reference", "a non-empty reference (Launchpad bug, commit or spec)");
            var topology = o.TryGetValue("topology", out var t) ? Topology(t, "$.topology") : new ScenarioTopology();
            var periodicTasks = o.TryGetValue("periodicTasks", out var p) ? PeriodicTasks(p, "$.periodicTasks") : [];
            var faults = o.TryGetValue("faults", out var f) ? Faults(f, "$.faults", topology) : [];
            int runFor = o.TryGetValue("runForSeconds", out var r) ? Integer(r, "$.runForSeconds", 1, "a whole number of virtual seconds > 0") : 600;
            int startWithin = o.TryGetValue("startWithinMs", out var sw) ? Integer(sw, "$.startWithinMs", 0, "a whole number of virtual milliseconds >= 0") : 0;

            var setup = new List<ScenarioCall>();
            if (o.TryGetValue("setup", out var s))
            {
                var items = Array(s, "$.setup", "an array of set-up calls");
                for (int i = 0; i < items.Count; i++)
                    setup.Add(Call(items[i], $"$.setup[{i}]", topology, concurrent: false));
            }

            var concurrentItems = Array(o["concurrent"], "$.concurrent", "an array of the calls started together");
            var concurrent = new List<ScenarioCall>();
            for (int i = 0; i < concurrentItems.Count; i++)
                concurrent.Add(Call(concurrentItems[i], $"$.concurrent[{i}]", topology, concurrent: true));
            if (concurrent.Count < 2 && !(concurrent.Count == 1 && periodicTasks.Count > 0))
                throw Fail("$.concurrent", concurrent.Count == 0
                    ? "expected at least two concurrent calls (or one plus a periodic task), found an empty array"
                    : "expected at least two concurrent calls, or one plus at least one entry in \"periodicTasks\": a single call alone races with nothing");

            var expect = Expect(o["expect"], "$.expect");
            return new Scenario
            {
                Name = name,
                Description = description,
                Reference = reference,
                Topology = topology,
                Setup = setup,
                Concurrent = concurrent,
                PeriodicTasks = periodicTasks,
                Faults = faults,
                RunForSeconds = runFor,
                StartWithinMs = startWithin,
                Expect = expect,
                SourceFile = file,
            };
        }

        ScenarioTopology Topology(JsonElement e, string path)
        {
            var o = Object(e, path, "a topology object", TopologyKeys, []);
            var topology = new ScenarioTopology();
            if (o.TryGetValue("apiWorkers", out var w))
                topology = topology with { ApiWorkers = Integer(w, path + ".apiWorkers", 1, "a number of API workers >= 1") };
            if (o.TryGetValue("coordinator", out var c))
            {
                // Every scenario runs under both policies, and Guarded's locks need the distributed coordinator.
                if (c.ValueKind == JsonValueKind.String && c.GetString() == "host-local")
                    throw Fail(path + ".coordinator", "\"host-local\" cannot run under Guarded (its locks need the distributed coordinator), and it is Legacy's own already; expected null (each policy's own) or \"distributed\"");
                topology = topology with { Coordinator = NullableChoice(c, path + ".coordinator", CoordinatorKinds, "null (the policy's own)") };
            }
            if (o.TryGetValue("deferredDeletion", out var d))
                topology = topology with { DeferredDeletion = Boolean(d, path + ".deferredDeletion") };
            if (o.TryGetValue("reproduceFixedBugs", out var f))
            {
                var bugs = StringSet(f, path + ".reproduceFixedBugs", "fixed bug");
                for (int i = 0; i < bugs.Count; i++)
                    if (!Fixes.Ids.Contains(bugs[i]))
                        throw Fail($"{path}.reproduceFixedBugs[{i}]", $"unknown fixed bug \"{bugs[i]}\"{Suggest(bugs[i], Fixes.Ids)}; expected one of: {string.Join(", ", Fixes.Ids)}");
                topology = topology with { ReproduceFixedBugs = bugs };
            }
            if (o.TryGetValue("driverLatencyMs", out var dl))
                topology = topology with { DriverLatencyMs = Integer(dl, path + ".driverLatencyMs", 0, "a whole number of virtual milliseconds >= 0") };
            if (o.TryGetValue("restartAfterSeconds", out var ra))
                topology = topology with { RestartAfterSeconds = Integer(ra, path + ".restartAfterSeconds", 1, "a whole number of virtual seconds > 0") };
            if (o.TryGetValue("backends", out var b))
            {
                var items = Array(b, path + ".backends", "an array of backends");
                if (items.Count == 0) throw Fail(path + ".backends", "expected at least one backend, found an empty array");
                var backends = new List<ScenarioBackend>();
                var hosts = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < items.Count; i++)
                {
                    var backendPath = $"{path}.backends[{i}]";
                    var backend = Backend(items[i], backendPath);
                    if (hosts.TryGetValue(backend.Host, out var earlier))
                        throw Fail(backendPath + ".host", $"host \"{backend.Host}\" is already used by {path}.backends[{earlier}]; expected host names unique within the topology");
                    hosts[backend.Host] = i;
                    backends.Add(backend);
                }
                topology = topology with { Backends = backends };
            }
            return topology;
        }

        ScenarioBackend Backend(JsonElement e, string path)
        {
            var o = Object(e, path, "a backend object", BackendKeys, []);
            var b = new ScenarioBackend();
            if (o.TryGetValue("host", out var h)) b = b with { Host = NonEmptyString(h, path + ".host", "a non-empty host name") };
            if (o.TryGetValue("snapshotSupport", out var v)) b = b with { SnapshotSupport = Boolean(v, path + ".snapshotSupport") };
            if (o.TryGetValue("createShareFromSnapshotSupport", out v)) b = b with { CreateShareFromSnapshotSupport = Boolean(v, path + ".createShareFromSnapshotSupport") };
            if (o.TryGetValue("revertToSnapshotSupport", out v)) b = b with { RevertToSnapshotSupport = Boolean(v, path + ".revertToSnapshotSupport") };
            if (o.TryGetValue("ipv6Support", out v)) b = b with { Ipv6Support = Boolean(v, path + ".ipv6Support") };
            if (o.TryGetValue("driverHandlesShareServers", out v)) b = b with { DriverHandlesShareServers = Boolean(v, path + ".driverHandlesShareServers") };
            if (o.TryGetValue("replicationType", out v)) b = b with { ReplicationType = NullableChoice(v, path + ".replicationType", ReplicationTypes, "null (no replication)") };
            if (o.TryGetValue("accessTypes", out v)) b = b with { AccessTypes = StringSet(v, path + ".accessTypes", "access type") };
            if (o.TryGetValue("capacityGb", out v)) b = b with { CapacityGb = Integer(v, path + ".capacityGb", 1, "a capacity in GB >= 1") };
            if (o.TryGetValue("concurrentSnapshotsSafe", out v)) b = b with { ConcurrentSnapshotsSafe = Boolean(v, path + ".concurrentSnapshotsSafe") };
            if (o.TryGetValue("securityServiceUpdateSupport", out v)) b = b with { SecurityServiceUpdateSupport = Boolean(v, path + ".securityServiceUpdateSupport") };
            if (o.TryGetValue("networkAllocationUpdateSupport", out v)) b = b with { NetworkAllocationUpdateSupport = Boolean(v, path + ".networkAllocationUpdateSupport") };
            if (o.TryGetValue("thinProvisioning", out v)) b = b with { ThinProvisioning = Boolean(v, path + ".thinProvisioning") };
            if (o.TryGetValue("answers", out v)) b = b with { Answers = Answers(v, path + ".answers") };
            return b;
        }

        /// <summary>Pinned driver answers: an object from pinnable call to one of its answers.</summary>
        IReadOnlyDictionary<string, string> Answers(JsonElement e, string path)
        {
            var allowed = Drivers.DriverAnswers.Allowed;
            var o = Object(e, path, "an object of pinned driver answers", [.. allowed.Keys], [], "pinnable driver calls");
            var answers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (call, value) in o)
            {
                var answer = String(value, path + Member(call), $"one of {string.Join(", ", allowed[call])}");
                if (!allowed[call].Contains(answer))
                    throw Fail(path + Member(call), $"expected one of {string.Join(", ", allowed[call].Select(a => $"\"{a}\""))} for {call}, found {Describe(value)}{Suggest(answer, allowed[call])}");
                answers[call] = answer;
            }
            return answers;
        }

        /// <summary>
        /// Fault entries: a string "site[@host][:plan]" or an object {site, host, plan, n, delayMs}; either way checked
        /// against the sites the topology has (Services.FaultSiteCatalog) and kept as the string.
        /// </summary>
        IReadOnlyList<string> Faults(JsonElement e, string path, ScenarioTopology topology)
        {
            var items = Array(e, path, "an array of fault sites");
            var services = ScenarioProgram.ToTopology(topology, Services.ConcurrencyPolicy.Legacy, Model.DatabaseProvider.InMemory);
            var result = new List<string>(items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                var itemPath = $"{path}[{i}]";
                var entry = items[i].ValueKind == JsonValueKind.Object ? FaultObject(items[i], itemPath)
                    : NonEmptyString(items[i], itemPath, "a non-empty fault site");
                if (Services.FaultSiteCatalog.Check(entry, services) is { } problem)
                    throw Fail(itemPath, problem.Message + Suggest(problem.Word, problem.Candidates)
                        + (problem.Candidates.Count is > 0 and <= 12 ? $"; expected one of: {string.Join(", ", problem.Candidates)}" : ""));
                int earlier = result.IndexOf(entry);
                if (earlier >= 0) throw Fail(itemPath, $"\"{entry}\" repeats {path}[{earlier}]; expected each fault site once");
                result.Add(entry);
            }
            return result;
        }

        string FaultObject(JsonElement e, string path)
        {
            var o = Object(e, path, "a fault object", FaultKeys, ["site"]);
            var site = NonEmptyString(o["site"], path + ".site", "a fault site name");
            if (site.Contains('@') || site.Contains(':'))
                throw Fail(path + ".site", $"expected the site name alone (the host and the plan have keys of their own), found {Describe(o["site"])}");
            if (o.TryGetValue("host", out var h)) site += "@" + NonEmptyString(h, path + ".host", "a process name (a backend host, scheduler or api-N)");
            var plan = o.TryGetValue("plan", out var p) ? String(p, path + ".plan", "a plan") : "may";
            if (!Plans.Contains(plan))
                throw Fail(path + ".plan", $"unknown plan \"{plan}\"{Suggest(plan, Plans)}; expected one of: {string.Join(", ", Plans)}");
            if (o.ContainsKey("n") != (plan == "nth"))
                throw Fail(path + (plan == "nth" ? ".n" : ".n"), plan == "nth" ? "plan nth needs \"n\", the call that fails (1 is the first)" : "\"n\" belongs to plan \"nth\" only");
            if (o.ContainsKey("delayMs") != (plan == "delay"))
                throw Fail(path + ".delayMs", plan == "delay" ? "plan delay needs \"delayMs\", the virtual milliseconds each call is slowed by" : "\"delayMs\" belongs to plan \"delay\" only");
            return plan switch
            {
                "may" => site,
                "nth" => $"{site}:nth={Integer(o["n"], path + ".n", 1, "a call number >= 1")}",
                "delay" => $"{site}:delay={Integer(o["delayMs"], path + ".delayMs", 1, "a whole number of virtual milliseconds >= 1")}",
                _ => $"{site}:{plan}",
            };
        }

        ScenarioCall Call(JsonElement e, string path, ScenarioTopology topology, bool concurrent)
        {
            var o = Object(e, path, "a call object", CallKeys, ["call"]);
            var name = String(o["call"], path + ".call", "a call name");
            if (!ScenarioCalls.Known.TryGetValue(name, out var spec))
                throw Fail(path + ".call", $"unknown call \"{name}\"{Suggest(name, ScenarioCalls.Known.Keys)}; expected one of: {string.Join(", ", ScenarioCalls.Known.Keys)}");

            var argsPath = path + ".args";
            var given = o.TryGetValue("args", out var a)
                ? Object(a, argsPath, $"an object of {name}'s arguments", spec.Args.Select(s => s.Name).ToArray(), [], $"arguments of {name}")
                : new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var args = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var arg in spec.Args)
            {
                var argPath = argsPath + Member(arg.Name);
                if (!given.TryGetValue(arg.Name, out var value))
                {
                    if (arg.Required) throw Fail(argPath, $"missing required argument of {name}: expected {KindText(arg)}");
                    continue;
                }
                args[arg.Name] = Argument(value, argPath, arg, name);
                if (!concurrent && SetupArgumentRules.Problem(name, arg.Name, args[arg.Name]!) is { } expected)
                    throw Fail(argPath, $"a set-up call must succeed, and Manila refuses {name} with {Describe(value)} here; expected {expected}");
            }

            int? worker = null;
            if (o.TryGetValue("worker", out var w))
            {
                if (w.ValueKind != JsonValueKind.Number || !w.TryGetInt32(out var n) || n < 1 || n > topology.ApiWorkers)
                    throw Fail(path + ".worker", $"expected an API worker number from 1 to {topology.ApiWorkers} (topology.apiWorkers), found {Describe(w)}");
                worker = n;
            }

            string? bound = null;
            if (o.TryGetValue("as", out var b))
            {
                var asPath = path + ".as";
                if (concurrent)
                    throw Fail(asPath, "concurrent calls may not bind a variable (nothing runs after them to use it); expected no \"as\" here");
                bound = String(b, asPath, "a variable name");
                if (!VariableName().IsMatch(bound))
                    throw Fail(asPath, $"expected a variable name (a letter, then letters, digits or '_', without the '$'), found {Describe(b)}");
                if (spec.Creates is null)
                    throw Fail(asPath, $"{name} creates nothing whose id could be bound; expected \"as\" only on {string.Join(", ", ScenarioCalls.Known.Values.Where(c => c.Creates is not null).Select(c => c.Name))}");
                if (variables.TryGetValue(bound, out var earlier))
                    throw Fail(asPath, $"variable \"{bound}\" is already bound by {earlier.Path} ({earlier.Call}); expected a new name");
                variables[bound] = (spec.Creates, path, name);
            }
            bool settle = true;
            if (o.TryGetValue("settle", out var st))
            {
                if (concurrent)
                    throw Fail(path + ".settle", "\"settle\" only applies to set-up calls (concurrent calls never wait for each other); expected no \"settle\" here");
                settle = Boolean(st, path + ".settle");
            }
            return new ScenarioCall { Call = name, Args = args, As = bound, Worker = worker, Settle = settle };
        }

        object Argument(JsonElement value, string path, ArgSpec arg, string call)
        {
            switch (arg.Kind)
            {
                case ArgKind.Integer:
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)) return n;
                    break;
                case ArgKind.Boolean:
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
                    break;
                case ArgKind.String:
                    if (value.ValueKind == JsonValueKind.String && !value.GetString()!.StartsWith('$')) return value.GetString()!;
                    break;
                case ArgKind.Reference:
                    if (value.ValueKind == JsonValueKind.String && value.GetString()! is ['$', .. var variable] && variable.Length > 0)
                    {
                        if (!variables.TryGetValue(variable, out var bound))
                            throw Fail(path, variables.Count == 0
                                ? $"${variable} is bound by no earlier set-up call (none binds a variable yet); expected a reference to a variable an earlier set-up call bound with \"as\""
                                : $"${variable} is bound by no earlier set-up call{Suggest(variable, variables.Keys, "$")}; expected one of: {string.Join(", ", variables.Keys.Select(k => "$" + k))}");
                        if (IsKind(arg.Name) && bound.Kind != arg.Name)
                            throw Fail(path, $"${variable} is {A(bound.Kind)} (bound by {bound.Path}, {bound.Call}); expected a reference to {A(arg.Name)} for {call}'s \"{arg.Name}\"");
                        return value.GetString()!;
                    }
                    break;
            }
            throw Fail(path, $"expected {KindText(arg)} for {call}'s \"{arg.Name}\", found {Describe(value)}");
        }

        static bool IsKind(string name) => ScenarioCalls.Known.Values.Any(c => c.Creates == name);

        ScenarioExpectation Expect(JsonElement e, string path)
        {
            var o = Object(e, path, "an object with \"legacy\" and \"guarded\"", ExpectKeys, ExpectKeys);
            return new ScenarioExpectation
            {
                Legacy = Expectation(o["legacy"], path + ".legacy"),
                Guarded = Expectation(o["guarded"], path + ".guarded"),
            };
        }

        IReadOnlyList<string> Expectation(JsonElement e, string path)
        {
            const string expected = "\"clean\" or a non-empty array of invariant names";
            if (e.ValueKind == JsonValueKind.String)
            {
                var s = e.GetString()!;
                if (s == Clean) return [];
                var hint = InvariantCatalog.Find(s) is not null ? $"; write [\"{s}\"] for one invariant" : "";
                throw Fail(path, $"expected {expected}, found {Describe(e)}{hint}");
            }
            if (e.ValueKind != JsonValueKind.Array) throw Fail(path, $"expected {expected}, found {Describe(e)}");
            if (e.GetArrayLength() == 0) throw Fail(path, $"expected {expected}, found an empty array (write \"clean\" when no invariant may break)");
            var names = InvariantCatalog.All.Select(i => i.Name).ToList();
            return Names(e, path, "invariant", names);
        }

        IReadOnlyList<string> PeriodicTasks(JsonElement e, string path)
        {
            Array(e, path, "an array of periodic task names");
            return Names(e, path, "periodic task", Services.PeriodicTaskNames.All.ToList());
        }

        /// <summary>An array of distinct strings, each one of <paramref name="known"/>.</summary>
        IReadOnlyList<string> Names(JsonElement array, string path, string what, IReadOnlyList<string> known)
        {
            var result = StringSet(array, path, what + " name");
            for (int i = 0; i < result.Count; i++)
                if (!known.Contains(result[i], StringComparer.Ordinal))
                    throw Fail($"{path}[{i}]", $"unknown {what} \"{result[i]}\"{Suggest(result[i], known)}; expected one of: {string.Join(", ", known)}");
            return result;
        }

        /// <summary>An array of distinct non-empty strings.</summary>
        IReadOnlyList<string> StringSet(JsonElement e, string path, string what)
        {
            var items = Array(e, path, $"an array of {what}s");
            var result = new List<string>(items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                var s = NonEmptyString(items[i], $"{path}[{i}]", $"a non-empty {what}");
                int earlier = result.IndexOf(s);
                if (earlier >= 0) throw Fail($"{path}[{i}]", $"\"{s}\" repeats {path}[{earlier}]; expected each {what} once");
                result.Add(s);
            }
            return result;
        }

        // ---- typed values ----

        /// <summary>An object's members after checking duplicates, unknown keys (with the allowed ones and the closest)
        /// and required keys, in that order: a typo is reported as a typo, not as the key it misses.</summary>
        Dictionary<string, JsonElement> Object(JsonElement e, string path, string expected, string[] allowed, string[] required,
            string? allowedWhat = null)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Fail(path, $"expected {expected}, found {Describe(e)}");
            var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in e.EnumerateObject())
            {
                var memberPath = path + Member(property.Name);
                if (members.ContainsKey(property.Name))
                    throw Fail(memberPath, $"key \"{property.Name}\" appears twice; expected each key once");
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                    throw Fail(memberPath, allowed.Length == 0
                        ? $"unknown key \"{property.Name}\"; expected no keys here ({allowedWhat ?? "none are allowed"})"
                        : $"unknown key \"{property.Name}\"{Suggest(property.Name, allowed)}; expected {(allowedWhat is null ? "keys" : allowedWhat)}: {string.Join(", ", allowed)}");
                members[property.Name] = property.Value;
            }
            foreach (var key in required)
                if (!members.ContainsKey(key))
                    throw Fail(path + Member(key), $"required key \"{key}\" is missing from {expected}");
            return members;
        }

        List<JsonElement> Array(JsonElement e, string path, string expected) =>
            e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList() : throw Fail(path, $"expected {expected}, found {Describe(e)}");

        string String(JsonElement e, string path, string expected) =>
            e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Fail(path, $"expected {expected} (a string), found {Describe(e)}");

        string NonEmptyString(JsonElement e, string path, string expected)
        {
            var s = String(e, path, expected);
            return string.IsNullOrWhiteSpace(s) ? throw Fail(path, $"expected {expected}, found {Describe(e)}") : s;
        }

        bool Boolean(JsonElement e, string path) =>
            e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : throw Fail(path, $"expected true or false, found {Describe(e)}");

        int Integer(JsonElement e, string path, int minimum, string expected) =>
            e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= minimum ? n : throw Fail(path, $"expected {expected}, found {Describe(e)}");

        string? NullableChoice(JsonElement e, string path, IReadOnlyList<string> choices, string nullMeaning)
        {
            if (e.ValueKind == JsonValueKind.Null) return null;
            if (e.ValueKind == JsonValueKind.String && choices.Contains(e.GetString()!, StringComparer.Ordinal)) return e.GetString();
            var hint = e.ValueKind == JsonValueKind.String ? Suggest(e.GetString()!, choices) : "";
            throw Fail(path, $"expected {nullMeaning} or one of {string.Join(", ", choices.Select(c => $"\"{c}\""))}, found {Describe(e)}{hint}");
        }

        static string KindText(ArgSpec arg) => arg.Kind switch
        {
            ArgKind.Integer => "an integer",
            ArgKind.Boolean => "true or false",
            ArgKind.String => "a string not starting with '$' (a '$' string is read as a reference)",
            ArgKind.Reference => IsKind(arg.Name)
                ? $"a reference \"$name\" to {A(arg.Name)} bound by an earlier set-up call's \"as\""
                : "a reference \"$name\" to a variable bound by an earlier set-up call's \"as\"",
            _ => arg.Kind.ToString(),
        };

        static string Suggest(string word, IEnumerable<string> candidates, string prefix = "") =>
            Closest(word, candidates) is { } closest ? $" (did you mean \"{prefix}{closest}\"?)" : "";

        static string Describe(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => $"the string {Quote(e.GetString()!)}",
            JsonValueKind.Number => $"the number {e.GetRawText()}",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            JsonValueKind.Array => $"an array of {e.GetArrayLength()}",
            JsonValueKind.Object => "an object",
            _ => e.ValueKind.ToString(),
        };

        static string Quote(string s) => JsonSerializer.Serialize(s.Length > 60 ? s[..57] + "..." : s, QuoteOptions);
    }

    static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // ---- the writer ----

    /// <summary>The scenario as a file the loader reads back to an equal scenario: every field written, in the
    /// documented order, two-space indentation, "\n" line ends.</summary>
    public static string ToJson(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            w.WriteString("name", scenario.Name);
            w.WriteString("description", scenario.Description);
            w.WriteString("reference", scenario.Reference);
            w.WriteStartObject("topology");
            var t = scenario.Topology;
            w.WriteNumber("apiWorkers", t.ApiWorkers);
            if (t.Coordinator is null) w.WriteNull("coordinator"); else w.WriteString("coordinator", t.Coordinator);
            w.WriteBoolean("deferredDeletion", t.DeferredDeletion);
            if (t.ReproduceFixedBugs.Count > 0) Strings(w, "reproduceFixedBugs", t.ReproduceFixedBugs);
            if (t.RestartAfterSeconds != new ScenarioTopology().RestartAfterSeconds) w.WriteNumber("restartAfterSeconds", t.RestartAfterSeconds);
            if (t.DriverLatencyMs != new ScenarioTopology().DriverLatencyMs) w.WriteNumber("driverLatencyMs", t.DriverLatencyMs);
            w.WriteStartArray("backends");
            foreach (var b in t.Backends)
            {
                w.WriteStartObject();
                w.WriteString("host", b.Host);
                w.WriteBoolean("snapshotSupport", b.SnapshotSupport);
                w.WriteBoolean("createShareFromSnapshotSupport", b.CreateShareFromSnapshotSupport);
                w.WriteBoolean("revertToSnapshotSupport", b.RevertToSnapshotSupport);
                w.WriteBoolean("ipv6Support", b.Ipv6Support);
                w.WriteBoolean("driverHandlesShareServers", b.DriverHandlesShareServers);
                if (b.ReplicationType is null) w.WriteNull("replicationType"); else w.WriteString("replicationType", b.ReplicationType);
                Strings(w, "accessTypes", b.AccessTypes);
                w.WriteNumber("capacityGb", b.CapacityGb);
                w.WriteBoolean("concurrentSnapshotsSafe", b.ConcurrentSnapshotsSafe);
                w.WriteBoolean("securityServiceUpdateSupport", b.SecurityServiceUpdateSupport);
                w.WriteBoolean("networkAllocationUpdateSupport", b.NetworkAllocationUpdateSupport);
                if (b.ThinProvisioning) w.WriteBoolean("thinProvisioning", true);
                if (b.Answers.Count > 0)
                {
                    w.WriteStartObject("answers");
                    foreach (var (call, answer) in b.Answers.OrderBy(a => a.Key, StringComparer.Ordinal)) w.WriteString(call, answer);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            Calls(w, "setup", scenario.Setup);
            Calls(w, "concurrent", scenario.Concurrent);
            Strings(w, "periodicTasks", scenario.PeriodicTasks);
            Strings(w, "faults", scenario.Faults);
            if (scenario.StartWithinMs > 0) w.WriteNumber("startWithinMs", scenario.StartWithinMs);
            w.WriteNumber("runForSeconds", scenario.RunForSeconds);
            w.WriteStartObject("expect");
            Expectation(w, "legacy", scenario.Expect.Legacy);
            Expectation(w, "guarded", scenario.Expect.Guarded);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";

        static void Strings(Utf8JsonWriter w, string key, IReadOnlyList<string> values)
        {
            w.WriteStartArray(key);
            foreach (var v in values) w.WriteStringValue(v);
            w.WriteEndArray();
        }

        static void Expectation(Utf8JsonWriter w, string key, IReadOnlyList<string> names)
        {
            if (names.Count == 0) w.WriteString(key, Clean);
            else Strings(w, key, names);
        }

        static void Calls(Utf8JsonWriter w, string key, IReadOnlyList<ScenarioCall> calls)
        {
            w.WriteStartArray(key);
            foreach (var call in calls)
            {
                w.WriteStartObject();
                w.WriteString("call", call.Call);
                if (call.As is not null) w.WriteString("as", call.As);
                w.WriteStartObject("args");
                // In the spec's order, so a written file reads like the calls table.
                var order = ScenarioCalls.Known.TryGetValue(call.Call, out var spec) ? spec.Args.Select(a => a.Name).ToList() : [];
                foreach (var (name, value) in call.Args.OrderBy(kv => order.IndexOf(kv.Key) is var i and >= 0 ? i : int.MaxValue).ThenBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    switch (value)
                    {
                        case string s: w.WriteString(name, s); break;
                        case bool b: w.WriteBoolean(name, b); break;
                        case int n: w.WriteNumber(name, n); break;
                        case long n: w.WriteNumber(name, n); break;
                        case null: w.WriteNull(name); break;
                        default: throw new ArgumentException($"{call.Call}: argument \"{name}\" is a {value.GetType().Name}; expected a string, integer or boolean");
                    }
                }
                w.WriteEndObject();
                if (call.Worker is int worker) w.WriteNumber("worker", worker);
                if (!call.Settle) w.WriteBoolean("settle", false);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }
}
