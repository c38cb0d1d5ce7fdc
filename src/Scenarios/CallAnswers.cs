// What each concurrent call of a scenario answered, tallied over the schedules of a run: did the race window open (a
// 409 beside a 202), or did every schedule take the same path? Safe to record from every worker thread.
using System.Collections.Concurrent;
using SimManila.Services.Api;
using SimManila.Simulation;

namespace SimManila.Scenarios;

public sealed class CallAnswers
{
    /// <summary>The call threw instead of answering (the no-internal-error invariant reports it).</summary>
    public const string Threw = "exception";
    /// <summary>The schedule ended (a bug, the step limit) before the call answered.</summary>
    public const string NoAnswer = "no answer";

    readonly ConcurrentDictionary<(int Call, string Answer), long> counts = new();

    /// <summary>"202 Accepted", "409 Conflict".</summary>
    public static string Label(ApiStatus status) => $"{(int)status} {status}";

    /// <summary>One schedule's answers, by concurrent call index (null: no answer). PCT's calibration runs are not
    /// schedules of the run and are not counted.</summary>
    public void Record(Simulator sim, IReadOnlyList<string?> answered)
    {
        ArgumentNullException.ThrowIfNull(sim);
        if (sim.IsCalibration) return;
        for (int i = 0; i < answered.Count; i++) counts.AddOrUpdate((i, answered[i] ?? NoAnswer), 1, (_, n) => n + 1);
    }

    /// <summary>Per concurrent call (by operation name, in the scenario's order), each answer and how many schedules
    /// gave it, most frequent first.</summary>
    public IReadOnlyList<CallAnswerCounts> Of(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var snapshot = counts.ToArray();
        return [.. scenario.Concurrent.Select((call, i) => new CallAnswerCounts(
            ScenarioProgram.OperationName(call, i),
            snapshot.Where(c => c.Key.Call == i)
                .OrderByDescending(c => c.Value).ThenBy(c => c.Key.Answer, StringComparer.Ordinal)
                .ToDictionary(c => c.Key.Answer, c => c.Value)))];
    }
}

/// <summary>One concurrent call's answers: answer ("202 Accepted", "exception", "no answer") to schedules.</summary>
public sealed record CallAnswerCounts(string Call, IReadOnlyDictionary<string, long> Answers)
{
    public override string ToString() => $"{Call}: " + (Answers.Count == 0 ? "(no schedule)" : string.Join(", ", Answers.Select(a => $"{a.Key} x{a.Value}")));
}
