// Before a run spends its budget: each scenario must be able to run under each policy (ScenarioPreflight). A problem
// is bad input, exit 2, naming the file, or --max-steps when the step limit is what is too small.
using SimManila.Model;
using SimManila.Scenarios;
using SimManila.Services;

namespace SimManila.Cli;

public static class Preflight
{
    public static void Check(CliContext c, IEnumerable<Scenario> scenarios, IReadOnlyList<ConcurrencyPolicy> policies, int maxSteps, DatabaseProvider database)
    {
        foreach (var scenario in scenarios)
            foreach (var policy in policies)
                if (ScenarioPreflight.Problem(scenario, policy, maxSteps, database) is { } problem)
                    throw problem.StepLimit
                        ? new UsageException($"--max-steps {maxSteps}: {problem.Message}", $"the default, {CliOptions.DefaultMaxSteps}, fits every catalogue scenario")
                        : new UsageException($"bad scenario {(scenario.SourceFile is { } file ? c.Show(Path.GetFullPath(file)) : scenario.Name)}: {problem.Message}",
                            "'simmanila scenarios validate' checks the file; 'simmanila scenarios show' prints what it runs");
    }
}
