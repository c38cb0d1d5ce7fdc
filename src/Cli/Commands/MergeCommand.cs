// `simmanila merge <report.json>...`: combines the JSON reports of `test --shard i/N --json` runs (one per machine,
// CI job or Kubernetes pod) into one summary: schedules, bugs and answers add up, the first bug is the one with the
// lowest iteration index across shards (the one an unsharded run stopping at its first bug would report), and the
// distinct schedules are an upper bound (two shards may run the same schedule). The shards must come from the same run:
// same seed, strategy, iterations, step limit and database, same N, each index once. Judged like the shards were
// (--judge overrides).
using System.CommandLine;
using SimManila.Simulation;
using Spectre.Console;

namespace SimManila.Cli.Commands;

public static class MergeCommand
{
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var reports = new Argument<string[]>("reports") { Description = "JSON reports written by 'test --shard i/N --json FILE'", Arity = ArgumentArity.OneOrMore };
        var partial = new Option<bool>("--allow-partial") { Description = "Merge even when some shards are missing (they are listed)" };
        var judge = JudgingOption.Create(null, "default: the mode the shards were judged by");
        var json = CliOptions.Json();
        var junit = CliOptions.JUnit();
        var command = new Command("merge", "Combine shard reports into one summary, judged as the shards were: exit 0 when it passes, 1 when not, 2 on bad input")
        {
            reports, partial, judge, json, junit,
        };
        command.SetAction(p =>
        {
            var c = context(p);
            var (jsonFile, junitFile) = (OutputPaths.File(c, "--json", c.Get(json)), OutputPaths.File(c, "--junit", c.Get(junit)));
            var loaded = (c.Get(reports) ?? []).Select(f => (file: f, report: RunReport.Load(c.PathOf(f), f))).ToList();
            var merged = Merge(loaded, c.Get(partial), c.Get(judge) is { } j ? JudgingOption.Parse(j) : null, out var missing);
            Print(c, merged, loaded.Count, missing);
            ReportFiles.Write(c, merged, jsonFile, junitFile);
            return merged.ExitCode;
        });
        return command;
    }

    /// <param name="judging">How to judge the merged runs; null: as the reports were judged (they must agree).</param>
    public static RunReport Merge(IReadOnlyList<(string file, RunReport report)> reports, bool allowPartial, Judging? judging, out IReadOnlyList<string> missing)
    {
        if (reports.Count == 0) throw new UsageException("expected at least one report");
        var (firstFile, first) = reports[0];
        foreach (var (file, report) in reports.Skip(1))
        {
            void Same<T>(string what, T a, T b)
            {
                if (!EqualityComparer<T>.Default.Equals(a, b))
                    throw new UsageException($"{file}: {what} {b} differs from {firstFile}'s {a}: these reports are not shards of one run");
            }
            Same("command", first.Command, report.Command);
            Same("seed", first.Seed, report.Seed);
            Same("strategy", first.Strategy, report.Strategy);
            Same("iterations", first.Iterations, report.Iterations);
            Same("max steps", first.MaxSteps, report.MaxSteps);
            Same("workloads", first.Workloads, report.Workloads);
            Same("faults", first.Faults, report.Faults);
            Same("database", first.Database ?? "inmemory", report.Database ?? "inmemory");
            if (judging is null) Same("judging mode (pass --judge to choose one)", JudgingOption.Name(first.Judging), JudgingOption.Name(report.Judging));
        }
        var judged = judging ?? first.Judging;

        // Shards: every report names one (or none: a whole run, which then must be the only report).
        var shards = new Dictionary<int, string>();
        int count = 0;
        foreach (var (file, report) in reports)
        {
            if (report.Shard is null)
            {
                if (reports.Count > 1) throw new UsageException($"{file}: not a shard report (no \"shard\"); merge combines reports of 'test --shard i/N --json'");
                continue;
            }
            Shard shard;
            try { shard = Shard.Parse(report.Shard); }
            catch (ArgumentException) { throw new UsageException($"{file}: shard '{report.Shard}' is not i/N"); }
            if (count != 0 && shard.Count != count) throw new UsageException($"{file}: shard {shard} is of {shard.Count} shards, the others of {count}");
            count = shard.Count;
            if (shards.TryGetValue(shard.Index, out var other)) throw new UsageException($"{file}: shard {shard} is already given by {other}");
            shards[shard.Index] = file;
        }
        missing = count == 0 ? [] : Enumerable.Range(1, count).Where(i => !shards.ContainsKey(i)).Select(i => $"{i}/{count}").ToList();
        if (missing.Count > 0 && !allowPartial)
            throw new UsageException($"shard{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} missing", "pass every shard's report, or --allow-partial to merge what is there");

        var runs = new List<RunEntry>();
        var keys = reports.SelectMany(r => r.report.Runs).Select(r => (r.Scenario, r.Policy)).Distinct().ToList();
        foreach (var (scenario, policy) in keys)
        {
            var parts = reports.SelectMany(r => r.report.Runs).Where(r => r.Scenario == scenario && r.Policy == policy).ToList();
            var violations = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var part in parts)
                foreach (var (name, n) in part.Violations ?? new Dictionary<string, int>())
                    violations[name] = violations.GetValueOrDefault(name) + n;
            var firstBug = parts.Where(x => x.FirstBug is not null).Select(x => x.FirstBug!).OrderBy(b => b.Iteration).FirstOrDefault();
            var expected = parts[0].Expected ?? [];
            int bugs = parts.Sum(x => x.Bugs);
            long schedules = parts.Sum(x => x.Schedules);
            double elapsed = parts.Max(x => x.ElapsedSeconds);
            // Shards that explored nothing between them checked nothing: never a pass.
            // fuzz expects nothing of Legacy (Manila with its races) and a clean Guarded.
            bool met = schedules > 0 && (first.Command == "fuzz" ? policy == "legacy" || bugs == 0
                : expected.Count == 0 ? bugs == 0 : firstBug is not null && expected.Contains(firstBug.Violation));
            string verdict = firstBug is null
                ? $"clean after {SimManila.Scenarios.ScenarioOutcome.Schedules(schedules)}"
                : $"{firstBug.Violation} at schedule {firstBug.Iteration + 1}; {bugs} bug{(bugs == 1 ? "" : "s")} in {SimManila.Scenarios.ScenarioOutcome.Schedules(schedules)}";
            runs.Add(new RunEntry
            {
                Scenario = scenario,
                Policy = policy,
                Reference = parts[0].Reference,
                Expected = expected,
                Schedules = schedules,
                ElapsedSeconds = elapsed,
                SchedulesPerSecond = Math.Round(parts.Sum(x => x.SchedulesPerSecond), 1),
                // Two shards may run the same schedule: the sum bounds the distinct count from above.
                DistinctSchedules = parts.Sum(x => x.DistinctSchedules),
                DistinctIsUpperBound = parts.Count > 1 || parts[0].DistinctIsUpperBound == true ? true : null,
                DistinctIsEstimate = parts.Any(x => x.DistinctIsEstimate == true) ? true : null,
                Exhausted = parts.Count == 1 ? parts[0].Exhausted : null,
                Answers = MergeAnswers(parts),
                Bugs = bugs,
                Violations = violations,
                FirstBug = firstBug,
                MetExpectation = met,
                Passed = judged == Judging.Expectation ? met : bugs == 0 && schedules > 0,
                Verdict = verdict,
                Workloads = parts.Any(x => x.Workloads is not null) ? parts.Sum(x => x.Workloads ?? 0) : null,
                Groups = parts.Any(x => x.Groups is not null) ? MergeGroups(parts.SelectMany(x => x.Groups ?? [])) : null,
            });
        }
        int exit = runs.All(r => r.Passed) ? SimManilaCli.Ok : SimManilaCli.Failed;
        return new RunReport
        {
            Command = first.Command,
            Seed = first.Seed,
            Strategy = first.Strategy,
            Iterations = first.Iterations,
            MaxSteps = first.MaxSteps,
            Shards = shards.OrderBy(s => s.Key).Select(s => $"{s.Key}/{count}").ToList(),
            ElapsedSeconds = reports.Max(r => r.report.ElapsedSeconds),
            ExitCode = exit,
            Runs = runs,
            Workloads = first.Workloads,
            Faults = first.Faults,
            Judge = JudgingOption.Name(judged),
            Database = first.Database,
        };
    }

    /// <summary>test: the shards' answer counts per call, added up.</summary>
    static IReadOnlyList<SimManila.Scenarios.CallAnswerCounts>? MergeAnswers(IReadOnlyList<RunEntry> parts)
    {
        if (parts.All(p => p.Answers is null)) return null;
        var calls = parts.SelectMany(p => p.Answers ?? []).Select(a => a.Call).Distinct().ToList();
        return [.. calls.Select(call => new SimManila.Scenarios.CallAnswerCounts(call,
            parts.SelectMany(p => p.Answers ?? []).Where(a => a.Call == call).SelectMany(a => a.Answers)
                .GroupBy(a => a.Key).Select(g => (g.Key, Count: g.Sum(x => x.Value)))
                .OrderByDescending(a => a.Count).ThenBy(a => a.Key, StringComparer.Ordinal)
                .ToDictionary(a => a.Key, a => a.Count)))];
    }

    /// <summary>fuzz: the shards' groups of one invariant and call set become one, workloads in index order.</summary>
    static IReadOnlyList<FuzzGroup> MergeGroups(IEnumerable<FuzzGroup> groups) =>
        [.. groups.GroupBy(g => (g.Violation, Calls: string.Join(",", g.Calls)))
            .Select(g =>
            {
                var shrunk = g.Where(x => x.Shrunk).OrderBy(x => x.Workloads.Min()).FirstOrDefault() ?? g.OrderBy(x => x.Workloads.Min()).First();
                return shrunk with { Workloads = [.. g.SelectMany(x => x.Workloads).Order()] };
            })
            .OrderBy(g => g.Workloads[0])];

    static void Print(CliContext c, RunReport merged, int files, IReadOnlyList<string> missing)
    {
        c.Line($"Merged {files} report{(files == 1 ? "" : "s")} of '{merged.Command}': seed {merged.Seed}, strategy {merged.Strategy}, {merged.Iterations} iterations" +
               (merged.Shards is { Count: > 0 } s ? $", shards {string.Join(" ", s)}" : ""));
        c.Line($"  {JudgingOption.Describe(merged.Judging)}");
        if (missing.Count > 0) c.Markup(CliContext.Paint("yellow", $"missing shards: {string.Join(", ", missing)} (--allow-partial)"));
        var table = c.NewTable("Scenario", "Policy", "Schedules", "Distinct", "Bugs", "First bug", "Expected", "Result");
        foreach (var run in merged.Runs)
            table.AddRow((run.Scenario, null), (run.Policy, null), (run.Schedules.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
                (run.DistinctText(), null),
                (run.Bugs.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
                (run.FirstBug is { } b ? $"{b.Violation} at iteration {b.Iteration}, step {b.Step}" : "-", null),
                (run.Expected.Count == 0 ? "clean" : string.Join(" or ", run.Expected), null),
                run.Passed ? ("pass", "green") : ("FAIL", "red"));
        table.Write();
        // The shard's trace file when it is reachable from here, else the compact trace (it carries the scenario).
        foreach (var run in merged.Runs.Where(r => r.FirstBug is not null))
            c.Line($"{run.Scenario} under {run.Policy}: replay the first bug with: simmanila replay " +
                   (run.FirstBug!.TraceFile is { } file && File.Exists(c.PathOf(file)) ? file : "'" + run.FirstBug.Trace + "'"));
        long schedules = merged.Runs.Sum(r => r.Schedules);
        c.Line($"{schedules} schedules in all; {merged.Runs.Count(r => r.Passed)}/{merged.Runs.Count} passed");
    }
}
