// The reports every run can write: a JSON summary (which `merge` reads back, shard by shard) and a JUnit XML file with
// one testcase per scenario and policy, which CI systems display.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using SimManila.Scenarios;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Cli;

/// <summary>The JSON summary of one hunt, test or merge.</summary>
public sealed record RunReport
{
    public const string ToolName = "simmanila";
    public const int CurrentFormatVersion = 1;

    public string Tool { get; init; } = ToolName;
    public int FormatVersion { get; init; } = CurrentFormatVersion;
    /// <summary>hunt, test or merge. A hunt judges each run by the scenario's expectation, a test by "no bug".</summary>
    public required string Command { get; init; }
    public ulong Seed { get; init; }
    public string Strategy { get; init; } = "";
    /// <summary>Schedules asked for per scenario and policy (test: --iterations; hunt: --budget).</summary>
    public int Iterations { get; init; }
    /// <summary>hunt: the schedules Legacy could spend looking for its first bug (--legacy-budget).</summary>
    public int? LegacyIterations { get; init; }
    /// <summary>hunt --proof-budget: the schedules DFS could spend trying to exhaust each Guarded scenario.</summary>
    public int? ProofIterations { get; init; }
    public int MaxSteps { get; init; }
    /// <summary>"i/N" when this report covers one shard; null for the whole range.</summary>
    public string? Shard { get; init; }
    /// <summary>merge: the shards the runs combine, e.g. ["1/4", "2/4", "3/4", "4/4"].</summary>
    public IReadOnlyList<string>? Shards { get; init; }
    public double ElapsedSeconds { get; init; }
    public int ExitCode { get; init; }
    public IReadOnlyList<RunEntry> Runs { get; init; } = [];
    /// <summary>fuzz: random workloads asked for (before sharding), and the fault mode.</summary>
    public long? Workloads { get; init; }
    public string? Faults { get; init; }
    /// <summary>How the runs were judged: "no-bug" or "expectation" (JudgingOption); absent in reports from before the
    /// mode was recorded, which judged hunt by expectation and the rest by no-bug.</summary>
    public string? Judge { get; init; }
    /// <summary>The database the simulated Manila ran on: "inmemory" or "sqlite".</summary>
    public string? Database { get; init; }

    /// <summary>The mode this report was judged by, for reports written before it was recorded too.</summary>
    public Judging Judging => Judge is { } j ? JudgingOption.Parse(j) : Command == "hunt" ? Cli.Judging.Expectation : Cli.Judging.NoBug;

    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, ToJson(), new UTF8Encoding(false));
    }

    /// <summary>Reads a report written by Save; anything else is a UsageException naming the file.</summary>
    public static RunReport Load(string path, string shownAs)
    {
        if (!File.Exists(path)) throw new UsageException($"report not found: {shownAs}");
        RunReport? report;
        try
        {
            var text = File.ReadAllText(path);
            using (var document = JsonDocument.Parse(text))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("tool", out var tool) || tool.ValueKind != JsonValueKind.String || tool.GetString() != ToolName)
                    throw new UsageException($"{shownAs}: not a simmanila JSON report (expected \"tool\": \"{ToolName}\")");
            }
            report = JsonSerializer.Deserialize<RunReport>(text, Options);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is long l ? $":{l + 1}" : "";
            var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            throw new UsageException($"{shownAs}{line}: not a simmanila JSON report{at}: {FirstSentence(e.Message)}");
        }
        if (report is null) throw new UsageException($"{shownAs}: not a simmanila JSON report");
        if (report.FormatVersion != CurrentFormatVersion)
            throw new UsageException($"{shownAs}: report format version {report.FormatVersion}; this simmanila reads version {CurrentFormatVersion}");
        if (report.Runs is null || report.Runs.Any(r => r is null || r.Scenario is null || r.Policy is null))
            throw new UsageException($"{shownAs}: the report's runs must each name a scenario and a policy");
        return report;
    }

    static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>One scenario under one policy.</summary>
public sealed record RunEntry
{
    public required string Scenario { get; init; }
    public required string Policy { get; init; }
    public string Reference { get; init; } = "";
    /// <summary>The invariants the scenario expects under this policy; empty: clean.</summary>
    public IReadOnlyList<string> Expected { get; init; } = [];
    public long Schedules { get; init; }
    public double ElapsedSeconds { get; init; }
    public double SchedulesPerSecond { get; init; }
    public long DistinctSchedules { get; init; }
    /// <summary>DistinctSchedules is a HyperLogLog estimate (past the exact counter's cap).</summary>
    public bool? DistinctIsEstimate { get; init; }
    /// <summary>merge: DistinctSchedules adds the shards' counts, and two shards may have run the same schedule, so it is
    /// at most that many.</summary>
    public bool? DistinctIsUpperBound { get; init; }
    /// <summary>DFS explored every schedule within its bounds: a clean result is a proof for those bounds.</summary>
    public bool? Exhausted { get; init; }
    /// <summary>test: per concurrent call, how many schedules got each answer ("202 Accepted", "409 Conflict", ...).</summary>
    public IReadOnlyList<CallAnswerCounts>? Answers { get; init; }
    /// <summary>Schedules that ended in a bug (a run stopping at the first bug has at most one).</summary>
    public int Bugs { get; init; }
    /// <summary>Bugs per invariant (or bug kind for engine-level bugs such as Deadlock).</summary>
    public IReadOnlyDictionary<string, int> Violations { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);
    /// <summary>The bug with the lowest iteration index.</summary>
    public Finding? FirstBug { get; init; }
    /// <summary>Clean where clean is expected, else a bug on one of the expected invariants.</summary>
    public bool MetExpectation { get; init; }
    /// <summary>What this run is judged by: hunt, the expectation; test and fuzz, no bug.</summary>
    public bool Passed { get; init; }
    public string Verdict { get; init; } = "";
    /// <summary>fuzz: workloads explored under this policy, and the violations grouped by invariant and calls.</summary>
    public long? Workloads { get; init; }
    public IReadOnlyList<FuzzGroup>? Groups { get; init; }

    public static RunEntry From(ScenarioOutcome outcome, string? firstTraceFile, Judging judging, IReadOnlyList<CallAnswerCounts>? answers = null)
    {
        var summary = outcome.Summary;
        var violations = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var bug in summary.Bugs)
        {
            var name = ViolationOf(bug);
            violations[name] = violations.GetValueOrDefault(name) + 1;
        }
        return new RunEntry
        {
            Scenario = outcome.Scenario.Name,
            Policy = CliOptions.Name(outcome.Policy),
            Reference = outcome.Scenario.Reference,
            Expected = outcome.Expected,
            Schedules = summary.Schedules,
            ElapsedSeconds = Math.Round(summary.Elapsed.TotalSeconds, 3),
            SchedulesPerSecond = Math.Round(summary.SchedulesPerSecond, 1),
            DistinctSchedules = summary.DistinctSchedules,
            DistinctIsEstimate = summary.DistinctIsEstimate ? true : null,
            Exhausted = summary.Exhausted ? true : null,
            Answers = answers,
            Bugs = summary.Bugs.Count,
            Violations = violations,
            FirstBug = outcome.Bug is { } first ? Finding.From(first, firstTraceFile) : null,
            MetExpectation = outcome.MetExpectation,
            Passed = judging == Judging.Expectation ? outcome.MetExpectation : outcome.Clean,
            Verdict = outcome.Verdict,
        };
    }

    /// <summary>"312", "~312" (an estimate) or "at most 312" (merged shards).</summary>
    public string DistinctText() =>
        (DistinctIsUpperBound == true ? "at most " : DistinctIsEstimate == true ? "~" : "") + DistinctSchedules.ToString(CultureInfo.InvariantCulture);

    public static string ViolationOf(BugReport bug) => SimManila.Scenarios.Invariants.InvariantCatalog.NameIn(bug.Message) ?? bug.Kind.ToString();
}

/// <summary>fuzz: violations of one invariant whose workloads ran the same calls (after shrinking, where shrunk).</summary>
public sealed record FuzzGroup
{
    public string Violation { get; init; } = "";
    public IReadOnlyList<string> Calls { get; init; } = [];
    public IReadOnlyList<long> Workloads { get; init; } = [];
    public string? ScenarioFile { get; init; }
    public string? TraceFile { get; init; }
    public bool Shrunk { get; init; }
}

public sealed record Finding
{
    public long Iteration { get; init; }
    public int Step { get; init; }
    public string Kind { get; init; } = "";
    public string Violation { get; init; } = "";
    public string Message { get; init; } = "";
    /// <summary>The trace file written for it, when one was.</summary>
    public string? TraceFile { get; init; }
    /// <summary>The compact "sm1:" trace: `simmanila replay` takes it as it is.</summary>
    public string Trace { get; init; } = "";

    public static Finding From(BugReport bug, string? traceFile) => new()
    {
        Iteration = bug.Iteration,
        Step = bug.Step,
        Kind = bug.Kind.ToString(),
        Violation = RunEntry.ViolationOf(bug),
        Message = bug.Message,
        TraceFile = traceFile,
        Trace = bug.Trace.ToCompactString(),
    };
}

/// <summary>JUnit XML: a testsuite per command run, a testcase per scenario and policy, a failure when it did not pass.</summary>
public static class JUnitReport
{
    public static string Render(RunReport report)
    {
        var failures = report.Runs.Count(r => !r.Passed);
        var suite = new XElement("testsuite",
            new XAttribute("name", $"simmanila {report.Command}"),
            new XAttribute("tests", report.Runs.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XAttribute("time", Seconds(report.ElapsedSeconds)),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "seed"), new XAttribute("value", report.Seed.ToString(CultureInfo.InvariantCulture))),
                new XElement("property", new XAttribute("name", "strategy"), new XAttribute("value", report.Strategy)),
                new XElement("property", new XAttribute("name", "iterations"), new XAttribute("value", report.Iterations)),
                new XElement("property", new XAttribute("name", "judge"), new XAttribute("value", JudgingOption.Name(report.Judging))),
                report.Database is null ? null : new XElement("property", new XAttribute("name", "database"), new XAttribute("value", report.Database)),
                report.Shard is null ? null : new XElement("property", new XAttribute("name", "shard"), new XAttribute("value", report.Shard))),
            report.Runs.Select(Case));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "simmanila"),
                new XAttribute("tests", report.Runs.Count),
                new XAttribute("failures", failures),
                new XAttribute("time", Seconds(report.ElapsedSeconds)),
                suite));
        var text = new StringBuilder();
        using (var writer = new Utf8StringWriter(text)) document.Save(writer);
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    public static void Save(RunReport report, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, Render(report), new UTF8Encoding(false));
    }

    static XElement Case(RunEntry run)
    {
        var element = new XElement("testcase",
            new XAttribute("classname", $"simmanila.{run.Scenario}"),
            new XAttribute("name", run.Policy),
            new XAttribute("time", Seconds(run.ElapsedSeconds)));
        var output = new StringBuilder($"{run.Verdict}\nschedules explored: {run.Schedules} ({run.DistinctText()} distinct)\n");
        if (run.FirstBug is { } bug)
        {
            output.Append($"first bug: iteration {bug.Iteration}, step {bug.Step}: {bug.Message}\n");
            if (bug.TraceFile is not null) output.Append($"trace file: {bug.TraceFile}\n");
            output.Append($"replay: simmanila replay '{bug.Trace}'\n");
        }
        if (!run.Passed)
            element.Add(new XElement("failure",
                new XAttribute("message", run.Verdict),
                new XAttribute("type", run.FirstBug?.Violation ?? "expectation"),
                output.ToString()));
        element.Add(new XElement("system-out", output.ToString()));
        return element;
    }

    static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}

/// <summary>Writes the --json and --junit files a command was asked for.</summary>
public static class ReportFiles
{
    public static void Write(CliContext context, RunReport report, string? json, string? junit)
    {
        if (json is not null)
        {
            var path = context.PathOf(json);
            report.Save(path);
            context.Line($"JSON summary: {context.Show(path)}");
        }
        if (junit is not null)
        {
            var path = context.PathOf(junit);
            JUnitReport.Save(report, path);
            context.Line($"JUnit report: {context.Show(path)}");
        }
    }
}
