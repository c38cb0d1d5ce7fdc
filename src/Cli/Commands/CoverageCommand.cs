// `simmanila coverage <scenario|all>`: explores and reports which declared transitions and allowed actions the runs
// exercised, separating what the scenarios never reach from what no code of the service fires yet, and writes the
// Mermaid diagrams with both marked differently.
using System.CommandLine;
using SimManila.Scenarios;
using SimManila.Simulation;

namespace SimManila.Cli.Commands;

public static class CoverageCommand
{
    public const int DefaultBudget = 200;

    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var target = new Argument<string>("scenario") { Description = "A scenario name or file, or 'all' for the whole catalogue" };
        var policy = new Option<string>("--policy", "-p") { Description = "Which policy to explore", DefaultValueFactory = _ => "both" };
        policy.AcceptOnlyFromAmong("legacy", "guarded", "both");
        var budget = new Option<int>("--budget", "-b") { Description = $"Schedules per scenario and policy (default {DefaultBudget})", DefaultValueFactory = _ => DefaultBudget, HelpName = "N" };
        var seed = CliOptions.Seed();
        var maxSteps = CliOptions.MaxSteps();
        var parallel = CliOptions.Parallel();
        var output = new Option<string?>("--out", "-o") { Description = "Where the marked Mermaid diagrams go (default: coverage/ of the repository), one folder per policy", HelpName = "DIR" };
        var command = new Command("coverage", "Which declared transitions and allowed actions the scenarios exercise")
        {
            target, policy, budget, seed, maxSteps, parallel, output,
        };
        command.SetAction(p =>
        {
            var c = context(p);
            var baseline = new SimSettings
            {
                Seed = c.Get(seed),
                Iterations = CliOptions.Positive("--budget", c.Get(budget)),
                MaxSteps = CliOptions.Positive("--max-steps", c.Get(maxSteps)),
                Parallelism = CliOptions.Positive("--parallel", c.Get(parallel)),
                StopAtFirstBug = false,
            };
            baseline.Validate();
            var name = c.Get(target);
            IReadOnlyList<Scenario> scenarios = name == "all" ? c.Catalog.All() : [c.Catalog.Resolve(name)];
            var dir = OutputPaths.Directory(c, "--out", c.Get(output)
                ?? Path.Combine(ScenarioCatalog.RepositoryRoot(c.Host.WorkingDirectory) ?? c.Host.WorkingDirectory, "coverage"));
            foreach (var each in CliOptions.Policies(c.Get(policy)))
            {
                var report = ScenarioCoverage.Explore(scenarios, each, baseline);
                c.Line($"Coverage under {CliOptions.Name(each)} ({scenarios.Count} scenario{(scenarios.Count == 1 ? "" : "s")}, {baseline.Iterations} schedules each):");
                c.Line(report.ToText());
                var policyDir = Path.Combine(dir, CliOptions.Name(each));
                report.WriteMermaid(policyDir);
                c.Line($"Diagrams with unexercised transitions marked (not exercised / not implemented): {c.Show(policyDir)}");
            }
            return SimManilaCli.Ok;
        });
        return command;
    }
}
