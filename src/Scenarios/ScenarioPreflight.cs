// Checks that a scenario can run at all before an exploration spends its budget on it: the topology fits the policy,
// and its set-up, run once on the default schedule without faults, finishes within the step limit and succeeds. A
// problem here is the file's (or the settings'), never Manila's, so the tools answer it as bad input.
using SimManila.Model;
using SimManila.Services;
using SimManila.Simulation;

namespace SimManila.Scenarios;

/// <summary>What stops a scenario from running: <see cref="StepLimit"/> when the step limit is too low for its set-up
/// (the settings' fault), else the scenario file's.</summary>
public sealed record PreflightProblem(string Message, bool StepLimit);

public static class ScenarioPreflight
{
    /// <summary>Null when the scenario can run under <paramref name="policy"/> with <paramref name="maxSteps"/>; else
    /// what stops it, in a sentence that names the scenario.</summary>
    public static PreflightProblem? Problem(Scenario scenario, ConcurrencyPolicy policy, int maxSteps, DatabaseProvider database = DatabaseProvider.InMemory)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var under = policy.ToString().ToLowerInvariant();
        try
        {
            ScenarioProgram.ToTopology(scenario, policy, database).Validate();
        }
        catch (ArgumentException e)
        {
            return new($"scenario {scenario.Name} cannot run under {under}: {e.Message}", false);
        }
        var template = new SimTrace { ProgramName = ScenarioProgram.ProgramName(scenario, policy), MaxSteps = maxSteps, Strategy = "guided" };
        var run = SimRunner.RunGuided(template, [], ScenarioProgram.Build(scenario, policy, database));
        if (run.Bug is { } bug && bug.Message.StartsWith(ScenarioProgram.SetupFailedTag, StringComparison.Ordinal))
            return new($"scenario {scenario.Name}: its set-up failed under {under} ({bug.Message[ScenarioProgram.SetupFailedTag.Length..].Trim()}); " +
                       "set-up calls must succeed: the race is in the concurrent calls", false);
        var firstRacer = ScenarioProgram.OperationName(scenario.Concurrent[0], 0);
        if (run.Bug?.Kind == BugKind.StepLimit && !run.Operations.Contains(firstRacer))
            return new($"scenario {scenario.Name}'s set-up alone takes more than {maxSteps} steps under {under}, so no schedule could reach the concurrent calls", true);
        return null;
    }
}
