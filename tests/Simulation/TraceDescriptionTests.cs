// A trace may carry its program's description (opaque to the engine) in both forms; both readers check every field a
// hand or another tool may have edited, and every strategy writes a name they accept.
namespace SimManila.Simulation.Tests;

public class TraceDescriptionTests
{
    static BugReport LostUpdateBug(SimSettings? settings = null) =>
        SimTest.FindBug(settings ?? new SimSettings { ProgramName = "lost-update", Seed = 11, Iterations = 200 }, Programs.LostUpdate);

    [Fact]
    public void A_run_s_description_rides_in_every_trace_and_both_forms_keep_it()
    {
        var bug = LostUpdateBug(new SimSettings { ProgramName = "lost-update", ProgramDescription = "{\"any\": \"text; \\u00e9\"}", Seed = 11, Iterations = 200 });
        var trace = bug.Trace;
        Assert.Equal("{\"any\": \"text; \\u00e9\"}", trace.ProgramDescription);
        Assert.StartsWith("sm2:", trace.ToCompactString());
        Assert.True(trace.Equivalent(SimTrace.Parse(trace.ToCompactString())));
        Assert.True(trace.Equivalent(SimTrace.FromJson(trace.ToJson())));
        Assert.Equal(trace.ToJson(), SimTrace.FromJson(trace.ToJson()).ToJson());
        // Without one, the forms are the ones older tools read.
        var plain = trace with { ProgramDescription = null };
        Assert.StartsWith("sm1:", plain.ToCompactString());
        Assert.DoesNotContain("programDescription", plain.ToJson());
        Assert.False(plain.Equivalent(trace));
    }

    [Fact]
    public void An_unknown_compact_version_is_named_not_read_as_bad_json()
    {
        var e = Assert.Throws<TraceFormatException>(() => SimTrace.Parse("sm9:AAAA"));
        Assert.Contains("compact trace version 'sm9:'", e.Message);
    }

    [Theory]
    [InlineData("\"fireProbability\": 0.25", "\"fireProbability\": 5", "'faults.fireProbability': expected a probability in [0, 1], got 5")]
    [InlineData("\"activationProbability\": 0.25", "\"activationProbability\": -0.5", "'faults.activationProbability'")]
    [InlineData("\"pctDepth\": 3", "\"pctDepth\": 0", "'pctDepth': expected a PCT depth >= 1, got 0")]
    [InlineData("\"iteration\": ", "\"iteration\": -1", "'iteration': expected an iteration index >= 0, got -1")]
    public void Edited_fields_are_checked_and_named(string field, string edited, string message)
    {
        var json = LostUpdateBug().Trace.ToJson();
        int at = json.IndexOf(field, StringComparison.Ordinal);
        Assert.True(at >= 0, json);
        int end = field.EndsWith(' ') ? json.IndexOf(',', at) : at + field.Length;
        var changed = json[..at] + edited + json[end..];
        Assert.Contains(message, Assert.Throws<TraceFormatException>(() => SimTrace.FromJson(changed)).Message);
    }

    [Fact]
    public void Every_strategy_writes_a_name_the_readers_accept_and_no_other_name_is_accepted()
    {
        foreach (var kind in Enum.GetValues<StrategyKind>())
        {
            var summary = SimRunner.Explore(new SimSettings { ProgramName = "lost-update", Seed = 3, Iterations = 40, Strategy = kind, StopAtFirstBug = false }, Programs.LostUpdate);
            Assert.NotEmpty(summary.Bugs);
            foreach (var bug in summary.Bugs)
            {
                Assert.True(TraceStrategies.IsKnown(bug.Trace.Strategy), $"{kind} wrote '{bug.Trace.Strategy}'");
                SimTrace.FromJson(bug.Trace.ToJson());
            }
        }
        Assert.False(TraceStrategies.IsKnown("portfolio/cleverest"));
        Assert.False(TraceStrategies.IsKnown(""));
    }
}
