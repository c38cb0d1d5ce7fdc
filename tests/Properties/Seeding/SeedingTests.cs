// The seeding of every [SeededProperty]: the run seed as FsCheck's replay, Replay text checked (an even gamma fails the
// test with the reason instead of killing the test host), and a failing property printing its counterexample and the
// seed that replays it.
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using System.Text.RegularExpressions;
using SimManila.StateMachines;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SimManila.Properties.Tests;

public sealed class SeedingTests
{
    [Theory]
    [InlineData("(12,345)", 12UL, 345UL, null)]
    [InlineData(" ( 1 , 3 , 7 ) ", 1UL, 3UL, 7)]
    [InlineData("18446744073709551615,1", ulong.MaxValue, 1UL, null)]
    public void Replay_text_as_FsCheck_prints_it_parses(string text, ulong seed, ulong gamma, int? size)
    {
        Assert.True(ReplaySeed.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(new ReplaySeed(seed, gamma, size), parsed);
        Assert.True(ReplaySeed.TryParse(parsed.ToString(), out var again, out _));
        Assert.Equal(parsed, again);
    }

    [Theory]
    [InlineData("(1,2)", "Replay '(1,2)': gamma 2 is even, and FsCheck's generator takes only an odd gamma")]
    [InlineData("(7,0,3)", "Replay '(7,0,3)': gamma 0 is even")]
    [InlineData("abc", "Replay 'abc' is not (seed,gamma) or (seed,gamma,size) in unsigned decimal numbers")]
    [InlineData("(1)", "Replay '(1)' is not (seed,gamma)")]
    [InlineData("(1,3,5,7)", "Replay '(1,3,5,7)' is not (seed,gamma)")]
    [InlineData("(-1,3)", "Replay '(-1,3)' is not (seed,gamma)")]
    [InlineData("(1,3,x)", "Replay '(1,3,x)': size 'x' is not a non-negative whole number")]
    public void Replay_text_FsCheck_cannot_take_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(ReplaySeed.TryParse(text, out _, out var error));
        Assert.StartsWith(reason, error);
    }

    [Fact]
    public void The_run_seed_is_SIMMANILA_SEED_with_an_odd_gamma()
    {
        Assert.Equal(RunSeed.Default, RunSeed.Parse(null));
        Assert.Equal(0x1a2b3c4dUL, RunSeed.Parse("1a2b3c4d"));
        Assert.NotEqual(RunSeed.Parse("main"), RunSeed.Parse("mainline"));
        Assert.Equal(1UL, ReplaySeed.FromRunSeed(42).Gamma % 2);
        Assert.Equal(ReplaySeed.OfThisRun.ToString(), new SeededPropertyAttribute().Replay);
        Assert.Equal("(5,7)", new SeededPropertyAttribute { Replay = "5,7" }.Replay);
    }

    [Fact]
    public void An_attribute_with_an_even_gamma_keeps_the_run_seed_and_says_why()
    {
        var attribute = new SeededPropertyAttribute { Replay = "(1,2)" };
        Assert.Equal(ReplaySeed.OfThisRun.ToString(), attribute.Replay);
        Assert.StartsWith("Replay '(1,2)': gamma 2 is even", attribute.InvalidReplay);
        Assert.Null(new SeededPropertyAttribute { Replay = "(1,3)" }.InvalidReplay);
    }

    [Fact]
    public void Discovery_turns_an_even_gamma_into_a_failing_test_with_the_reason_and_a_good_one_into_a_property()
    {
        var bad = Discover(nameof(Samples.Even_gamma));
        var error = Assert.IsType<ExecutionErrorTestCase>(Assert.Single(bad));
        Assert.StartsWith("Replay '(1,2)': gamma 2 is even", error.ErrorMessage);

        var good = Discover(nameof(Samples.Odd_gamma));
        Assert.IsType<PropertyTestCase>(Assert.Single(good));
    }

    [Fact]
    public void A_failing_property_prints_its_counterexample_and_the_seed_that_replays_it()
    {
        // Deliberately false: some walks reach an error state. FsCheck shrinks the walk and says how to replay it.
        var seed = ReplaySeed.OfThisRun;
        var failure = Assert.ThrowsAny<Exception>(() => NoWalkReachesAnError().Check(Config(seed, maxTest: 300)));
        var message = failure.Message;
        Assert.StartsWith("Falsifiable, after ", message);
        Assert.Contains(seed.ToString(), message);
        var counterexample = Counterexample(message);
        Assert.Matches(@"^\w+ \((Legacy|Guarded)\) from initial #\d+, steps \[[\d,]*\]$", counterexample);

        // The printed step seed replays straight to the failing case: one test, the same counterexample.
        var stepText = StepSeed(message);
        Assert.True(ReplaySeed.TryParse(stepText, out var step, out var error), error);
        var again = Assert.ThrowsAny<Exception>(() => NoWalkReachesAnError().Check(Config(step, maxTest: 1)));
        Assert.StartsWith("Falsifiable, after 1 test ", again.Message);
        Assert.Equal(counterexample, Counterexample(again.Message));
    }

    /// <summary>The seed FsCheck prints for the failing step: "Replay directly at failing step with (seed,gamma,size)",
    /// or, when the first test failed (nothing before it to skip), only "Last step was invoked with size of S and seed of
    /// (seed,gamma)".</summary>
    private static string StepSeed(string message)
    {
        var direct = Regex.Match(message, @"Replay directly at failing step with (\(\d+,\d+,\d+\))");
        if (direct.Success) return direct.Groups[1].Value;
        var last = Regex.Match(message, @"Last step was invoked with size of (\d+) and seed of \((\d+),(\d+)\)");
        return last.Success ? $"({last.Groups[2].Value},{last.Groups[3].Value},{last.Groups[1].Value})" : "";
    }

    /// <summary>The counterexample FsCheck reports last: the shrunk one, or the original when nothing smaller failed.</summary>
    private static string Counterexample(string message)
    {
        var at = Math.Max(message.LastIndexOf("Original:", StringComparison.Ordinal), message.LastIndexOf("Shrunk:", StringComparison.Ordinal));
        Assert.True(at >= 0, "no counterexample in: " + message);
        return message[(message.IndexOf(':', at) + 1)..].TrimStart().Split('\n')[0].Trim();
    }

    private static Config Config(ReplaySeed seed, int maxTest) =>
        FsCheck.Config.QuickThrowOnFailure.WithReplay(Microsoft.FSharp.Core.FSharpOption<Replay>.Some(seed.ToFsCheck())).WithMaxTest(maxTest);

    private static Property NoWalkReachesAnError() => Prop.ForAll(MachineArbitraries.Walks(), walk =>
    {
        var machine = Lifecycles.Get(walk.Resource, walk.Variant);
        var state = machine.InitialStates[walk.Start % machine.InitialStates.Count];
        foreach (var step in walk.Steps)
        {
            var allowed = machine.AllowedTriggers(state);
            if (allowed.Count == 0) break;
            state = machine.Fire("walk-1", state, allowed[step % allowed.Count]);
            if (machine.KindOf(state) == StateKind.Error) return false;
        }
        return true;
    });

    private static IEnumerable<IXunitTestCase> Discover(string method)
    {
        var testClass = new TestClass(new TestCollection(new TestAssembly(Reflector.Wrap(typeof(Samples).Assembly)), null, "samples"),
            Reflector.Wrap(typeof(Samples)));
        var testMethod = new TestMethod(testClass, Reflector.Wrap(typeof(Samples).GetMethod(method)!));
        var attribute = testMethod.Method.GetCustomAttributes(typeof(SeededPropertyAttribute)).Single();
        return new SeededPropertyDiscoverer(new NullMessageSink()).Discover(new DiscoveryOptions(), testMethod, attribute);
    }

    /// <summary>Not public, so xunit does not run them: discovered by hand above.</summary>
#pragma warning disable xUnit1000 // deliberately not a test class
    internal sealed class Samples
#pragma warning restore xUnit1000
    {
        [SeededProperty(MaxTest = 1, Replay = "(1,2)")]
        public bool Even_gamma(int x) => true;

        [SeededProperty(MaxTest = 1, Replay = "(1,3)")]
        public bool Odd_gamma(int x) => true;
    }

    private sealed class DiscoveryOptions : ITestFrameworkDiscoveryOptions
    {
        public TValue GetValue<TValue>(string name) => default!;
        public void SetValue<TValue>(string name, TValue value) { }
    }
}
