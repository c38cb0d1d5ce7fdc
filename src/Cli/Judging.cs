// How a run is judged, the same for test, merge, fuzz and hunt: "no-bug" (any bug fails the run: the default for an
// ad-hoc test) or "expectation" (each scenario must show what its file expects: Legacy its race, Guarded nothing; hunt's
// only mode). Every report says which mode judged it.
using System.CommandLine;

namespace SimManila.Cli;

public enum Judging { NoBug, Expectation }

public static class JudgingOption
{
    public const string NoBug = "no-bug", Expectation = "expectation";

    public static string Name(Judging judging) => judging == Judging.Expectation ? Expectation : NoBug;

    public static Judging Parse(string text) => text switch
    {
        NoBug => Judging.NoBug,
        Expectation => Judging.Expectation,
        _ => throw new UsageException($"--judge: expected {NoBug} or {Expectation}, got '{text}'"),
    };

    /// <param name="defaultValue">Null: no default (merge takes the mode its reports were judged by).</param>
    public static Option<string?> Create(string? defaultValue, string what)
    {
        var option = new Option<string?>("--judge")
        {
            Description = $"How the run passes: {NoBug} (any bug fails it, exit 1) or {Expectation} (each scenario must show what its file " +
                          $"expects: Legacy its race, Guarded nothing); {what}",
            HelpName = $"{NoBug}|{Expectation}",
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        option.AcceptOnlyFromAmong(NoBug, Expectation);
        return option;
    }

    /// <summary>The line every text report ends its header with.</summary>
    public static string Describe(Judging judging) => judging == Judging.Expectation
        ? $"judged by expectation (--judge {Expectation}): a scenario passes when it shows what its file expects"
        : $"judged by no-bug (--judge {NoBug}): any bug fails the run";
}
