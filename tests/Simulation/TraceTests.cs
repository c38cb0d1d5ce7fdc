// Traces round-trip in both forms; bad traces and bad settings each give one clear error naming the problem.
namespace SimManila.Simulation.Tests;

public class TraceTests
{
    static BugReport LostUpdateBug() =>
        SimTest.FindBug(new SimSettings { ProgramName = "lost-update", Seed = 11, Iterations = 200, Strategy = StrategyKind.Random }, Programs.LostUpdate);

    [Fact]
    public void JsonAndCompactFormsRoundTrip()
    {
        var trace = LostUpdateBug().Trace with
        {
            Faults = new FaultSettings { EnabledSites = ["disk", "*"], ActivationProbability = 0.5, FireProbability = 0.125 },
            Decisions = [Decision.Schedule(1, 3), Decision.Bool(true), Decision.Int(-4, -5, 7), Decision.Schedule(0, 2)],
        };
        Assert.True(trace.Equivalent(SimTrace.FromJson(trace.ToJson())));
        Assert.True(trace.Equivalent(SimTrace.FromCompactString(trace.ToCompactString())));
        Assert.Equal(trace.ToJson(), SimTrace.FromJson(trace.ToJson()).ToJson());
        Assert.StartsWith("sm1:", trace.ToCompactString());
        Assert.True(trace.Equivalent(SimTrace.Parse(trace.ToCompactString())));
    }

    [Fact]
    public void TruncatedJsonIsOneClearError()
    {
        var json = LostUpdateBug().Trace.ToJson();
        var ex = Assert.Throws<TraceFormatException>(() => SimTrace.FromJson(json[..(json.Length / 2)]));
        Assert.Contains("truncated or corrupt", ex.Message);
    }

    [Fact]
    public void CorruptJsonFieldIsNamed()
    {
        var json = LostUpdateBug().Trace.ToJson().Replace("\"maxSteps\": 10000", "\"maxSteps\": \"many\"");
        var ex = Assert.Throws<TraceFormatException>(() => SimTrace.FromJson(json));
        Assert.Contains("'maxSteps'", ex.Message);
        var noDecisions = LostUpdateBug().Trace.ToJson().Replace("\"decisions\"", "\"decision\"");
        Assert.Contains("'decisions' is missing", Assert.Throws<TraceFormatException>(() => SimTrace.FromJson(noDecisions)).Message);
    }

    [Fact]
    public void TruncatedOrCorruptCompactStringIsOneClearError()
    {
        var compact = LostUpdateBug().Trace.ToCompactString();
        var truncated = Assert.Throws<TraceFormatException>(() => SimTrace.FromCompactString(compact[..(compact.Length - 6)]));
        Assert.Contains("corrupt or truncated", truncated.Message);
        var flipped = compact[..10] + (compact[10] == 'A' ? 'B' : 'A') + compact[11..];
        Assert.Contains("checksum", Assert.Throws<TraceFormatException>(() => SimTrace.FromCompactString(flipped)).Message);
        Assert.Contains("prefix", Assert.Throws<TraceFormatException>(() => SimTrace.FromCompactString("xx9:abc")).Message);
        Assert.Contains("base64", Assert.Throws<TraceFormatException>(() => SimTrace.FromCompactString("sm1:@@@@")).Message);
    }

    [Fact]
    public void TraceOfAnotherProgramIsRefused()
    {
        var trace = LostUpdateBug().Trace;
        var ex = Assert.Throws<ArgumentException>(() => SimRunner.Replay(trace, Programs.Atomicity, expectedProgram: "atomicity"));
        Assert.Contains("'lost-update'", ex.Message);
        Assert.Contains("'atomicity'", ex.Message);
        Assert.Throws<ArgumentException>(() => SimTest.Replay(new SimSettings { ProgramName = "atomicity" }, trace.ToCompactString(), Programs.Atomicity));
    }

    [Fact]
    public void ReplayingAgainstAChangedProgramNamesTheDivergingStep()
    {
        var trace = LostUpdateBug().Trace;
        var replay = SimRunner.Replay(trace, Programs.OrderViolation);
        Assert.True(replay.Diverged);
        Assert.Equal(BugKind.NonDeterminism, replay.Bug!.Kind);
        Assert.Contains("replay diverged at step", replay.Divergence);
    }

    [Fact]
    public void DivergenceNamesTheOperationTheTraceExpected()
    {
        var bug = LostUpdateBug();
        // Same shape, but the second incrementer finishes in one step: the trace's schedule no longer fits.
        var replay = SimRunner.Replay(bug.Trace, sim =>
        {
            int counter = 0;
            var a = sim.Spawn("inc0", async () => { await sim.Read("counter"); int v = counter; await sim.Write("counter"); counter = v + 1; });
            var b = sim.Spawn("inc1", () => { counter++; return Task.CompletedTask; });
            sim.Spawn("check", async () => { await a.Completion; await b.Completion; });
        });
        Assert.True(replay.Diverged);
        Assert.Matches(@"replay diverged at step \d+: ", replay.Divergence);
        Assert.Contains("ready", replay.Divergence);
    }

    [Theory]
    [InlineData(0, 3, 100, "Iterations")]
    [InlineData(10, 0, 100, "PctDepth")]
    [InlineData(10, 3, 0, "MaxSteps")]
    public void BadSettingsNameTheSetting(int iterations, int depth, int maxSteps, string setting)
    {
        var settings = new SimSettings { ProgramName = "p", Iterations = iterations, PctDepth = depth, MaxSteps = maxSteps };
        var ex = Assert.Throws<ArgumentException>(() => SimRunner.Explore(settings, Programs.LostUpdate));
        Assert.StartsWith(setting + ":", ex.Message);
        Assert.Contains("expected", ex.Message);
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("0/2")]
    [InlineData("a/b")]
    [InlineData("1")]
    public void BadShardNamesTheSetting(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => Shard.Parse(text));
        Assert.StartsWith("Shard: expected 'i/N'", ex.Message);
        Assert.Contains(text, ex.Message);
    }

    [Fact]
    public void GoodShardParses() => Assert.Equal(new Shard(2, 4), Shard.Parse("2/4"));
}
