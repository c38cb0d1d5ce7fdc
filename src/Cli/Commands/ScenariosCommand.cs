// `simmanila scenarios list | show <name> | validate [file...] | fixes`: the catalogue at a glance, one scenario in full,
// a check of scenario files with the loader's own messages (file, line, JSON path), and the race fixes Legacy can undo.
using System.CommandLine;
using SimManila.Scenarios;
using SimManila.Services.History;
using Spectre.Console;

namespace SimManila.Cli.Commands;

public static class ScenariosCommand
{
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var list = new Command("list", "The scenarios of the catalogue: name, reference, what each policy is expected to show");
        list.SetAction(p => List(context(p)));

        var name = new Argument<string>("scenario") { Description = "A scenario name, or a scenario file" };
        var json = new Option<bool>("--json") { Description = "Print the scenario as its JSON file" };
        var show = new Command("show", "Everything about one scenario") { name, json };
        show.SetAction(p =>
        {
            var c = context(p);
            return Show(c, c.Catalog.Resolve(c.Get(name)), c.Get(json));
        });

        var files = new Argument<string[]>("files") { Description = "Scenario files (default: every file of the catalogue)", Arity = ArgumentArity.ZeroOrMore };
        var validate = new Command("validate", "Check scenario files: exit 0 when all load, 2 with the first problem of each bad one") { files };
        validate.SetAction(p =>
        {
            var c = context(p);
            return Validate(c, c.Get(files) ?? []);
        });

        var fixes = new Command("fixes", "Manila's race fixes that Legacy has and can switch off, oldest first, with the scenario showing each");
        fixes.SetAction(p => ListFixes(context(p)));

        return new Command("scenarios", "List, show and validate scenario files; list the fixes of Manila's race history") { list, show, validate, fixes };
    }

    static string Expectation(IReadOnlyList<string> expected) => expected.Count == 0 ? "clean" : string.Join(" or ", expected);

    static int List(CliContext c)
    {
        var all = c.Catalog.All();
        var table = c.NewTable("Scenario", "Reference", "Concurrent calls", "Legacy expects", "Guarded expects");
        foreach (var s in all)
            table.AddRow(s.Name, s.Reference, string.Join(", ", s.Concurrent.Select(x => x.Call).Concat(s.PeriodicTasks.Select(t => "periodic " + t))),
                Expectation(s.Expect.Legacy), Expectation(s.Expect.Guarded));
        table.Write();
        c.Line($"{all.Count} scenarios in {c.Show(c.Catalog.Directory)}{Path.DirectorySeparatorChar}");
        return SimManilaCli.Ok;
    }

    static int ListFixes(CliContext c)
    {
        var all = c.Catalog.All();
        var table = c.NewTable("Fix", "Commit", "Date", "Subsystem", "Scenario", "What the fix changed");
        foreach (var fix in Fixes.All)
        {
            var shown = ScenarioHistory.Demonstrating(fix, all).Select(s => s.Name).DefaultIfEmpty("(none)");
            table.AddRow(fix.Id, fix.Commit, fix.Date, fix.Subsystem, string.Join(", ", shown), fix.Change);
        }
        table.Write();
        c.Line($"{Fixes.All.Count} fixes. Legacy has every one; a scenario's topology.reproduceFixedBugs or " +
               "'simmanila test SCENARIO --without-fix ID' runs Manila as it was before one (docs/reproduce-an-older-release.md).");
        return SimManilaCli.Ok;
    }

    static int Show(CliContext c, Scenario s, bool json)
    {
        if (json)
        {
            c.Out.Write(ScenarioLoader.ToJson(s));
            return SimManilaCli.Ok;
        }
        c.Markup(CliContext.Paint("bold", s.Name));
        c.Line($"  {s.Description}");
        c.Line($"  reference: {s.Reference}");
        if (s.SourceFile is not null) c.Line($"  file: {c.Show(Path.GetFullPath(s.SourceFile))}");
        var t = s.Topology;
        c.Line($"  topology: {t.ApiWorkers} API worker{(t.ApiWorkers == 1 ? "" : "s")}, coordinator {t.Coordinator ?? "(the policy's own)"}" +
               (t.DeferredDeletion ? ", deferred deletion" : "") +
               (t.ReproduceFixedBugs.Count > 0 ? $", reproduces fixed bugs {string.Join(", ", t.ReproduceFixedBugs)} under Legacy" : ""));
        foreach (var b in t.Backends)
            c.Line($"    backend {b.Host}: {b.CapacityGb} GB, access {string.Join("/", b.AccessTypes)}" +
                   (b.DriverHandlesShareServers ? ", share servers" : "") + (b.ReplicationType is { } r ? $", {r} replication" : "") +
                   (b.SnapshotSupport ? ", snapshots" : "") + (b.RevertToSnapshotSupport ? ", revert" : "") +
                   (b.ConcurrentSnapshotsSafe ? "" : ", concurrent snapshots unsafe"));
        if (s.Setup.Count > 0)
        {
            c.Line("  set-up:");
            foreach (var call in s.Setup) c.Line("    " + Describe(call));
        }
        c.Line($"  concurrent{(s.StartWithinMs > 0 ? $" (each starts within {s.StartWithinMs} ms)" : "")}:");
        foreach (var call in s.Concurrent) c.Line("    " + Describe(call));
        if (s.PeriodicTasks.Count > 0) c.Line($"  periodic tasks: {string.Join(", ", s.PeriodicTasks)}");
        if (s.Faults.Count > 0) c.Line($"  faults: {string.Join(", ", s.Faults)}");
        c.Line($"  runs for {s.RunForSeconds} virtual seconds after the concurrent calls start");
        c.Line($"  expected under Legacy: {Expectation(s.Expect.Legacy)}; under Guarded: {Expectation(s.Expect.Guarded)}");
        return SimManilaCli.Ok;
    }

    static string Describe(ScenarioCall call)
    {
        var args = string.Join(", ", call.Args.Select(a => $"{a.Key}={Format(a.Value)}"));
        return $"{call.Call}({args})" + (call.As is null ? "" : $" as ${call.As}") + (call.Worker is int w ? $" on api-{w}" : "") +
               (call.Settle ? "" : " (not settled)");
    }

    static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static int Validate(CliContext c, string[] files)
    {
        var paths = files.Length > 0
            ? files.Select(f => (shown: f, full: c.PathOf(f))).ToList()
            : Directory.GetFiles(c.Catalog.Directory, "*.json")
                .Where(f => Path.GetFileName(f) != ScenarioLoader.SchemaFileName)
                .Order(StringComparer.Ordinal)
                .Select(f => (shown: c.Show(f), full: f)).ToList();
        int bad = 0;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (shown, full) in paths)
        {
            if (!File.Exists(full))
            {
                c.Err.WriteLine($"simmanila: {shown}: no such file");
                bad++;
                continue;
            }
            try
            {
                var s = ScenarioLoader.Parse(File.ReadAllText(full), shown);
                if (names.TryGetValue(s.Name, out var first))
                {
                    c.Err.WriteLine($"simmanila: {shown}: $.name: scenario name \"{s.Name}\" is already used by {first}");
                    bad++;
                    continue;
                }
                names[s.Name] = shown;
                c.Line($"ok  {shown}: {s.Name}");
            }
            catch (ScenarioFormatException e)
            {
                c.Err.WriteLine($"simmanila: {e.Message}");
                bad++;
            }
        }
        if (bad > 0)
        {
            c.Err.WriteLine($"simmanila: {bad} of {paths.Count} scenario file{(paths.Count == 1 ? "" : "s")} invalid");
            return SimManilaCli.BadInput;
        }
        c.Line($"{paths.Count} scenario file{(paths.Count == 1 ? "" : "s")} valid");
        return SimManilaCli.Ok;
    }
}
