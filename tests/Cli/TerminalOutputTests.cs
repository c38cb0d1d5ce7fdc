// Output a person reads: on a terminal each scenario's verdict appears as it finishes and the table fits the width
// (references only with --wide); counts, kinds, names and times read right.
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SimManila.Cli.Tests;

public sealed partial class TerminalOutputTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();

    CliResult OnTerminal(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = SimManilaCli.Run(args, output, error, new CliHost { WorkingDirectory = cli.Root, Terminal = true, BundledScenarios = null });
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void On_a_terminal_hunt_shows_each_verdict_as_it_finishes_and_a_table_within_the_width()
    {
        var result = OnTerminal("hunt", "--budget", "3", "--parallel", "1", "--scenarios", cli.Scenarios, "--traces", "traces");
        result.Exit(0);
        var text = Ansi().Replace(result.Out, "");
        // Each scenario's line comes before the table starts.
        int table = text.IndexOf("Scenario ", StringComparison.Ordinal);
        Assert.True(table > 0, text);
        foreach (var name in CliHarness.FastScenarios)
        {
            int line = text.IndexOf($"] {name}", StringComparison.Ordinal);
            Assert.InRange(line, 0, table);
        }
        // Spectre's width for a console it cannot measure is 80 columns: no table line is wider, and no Reference.
        var tableLines = text[table..].Split('\n').Where(l => l.Contains('│') || l.Contains('─')).ToList();
        Assert.NotEmpty(tableLines);
        Assert.All(tableLines, l => Assert.True(l.TrimEnd().Length <= 80, $"{l.Length}: {l}"));
        Assert.DoesNotContain("LP 1707377", text[table..]);
    }

    [Fact]
    public void Wide_adds_the_references()
    {
        var plain = cli.Run("hunt", "--budget", "2", "--parallel", "1", "--scenarios", cli.Scenarios, "--traces", "traces");
        Assert.DoesNotContain("| Reference", plain.Out);
        var wide = cli.Run("hunt", "--budget", "2", "--parallel", "1", "--scenarios", cli.Scenarios, "--traces", "traces", "--wide");
        wide.OutHas("| Reference", "LP 1707377");
    }

    [Fact]
    public void A_junit_case_counts_schedules_one_way()
    {
        cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "3", "--parallel", "1", "--until-first-bug", "--scenarios", cli.Scenarios,
            "--out", "t", "--junit", "j.xml").Exit(1);
        var output = XDocument.Load(cli.PathOf("j.xml")).Descendants("system-out").Single().Value;
        Assert.Matches(@"one-delete-reaches-driver at schedule 1 of \d+\nschedules explored: \d+ \(\d+ distinct\)", output);
        Assert.DoesNotContain("1 schedules", output);
    }

    [Fact]
    public void A_safety_invariant_checked_once_quiet_is_an_assertion_not_liveness()
    {
        File.Copy(Repo.PathOf("scenarios", "double-extend-quota.json"), Path.Combine(cli.Scenarios, "double-extend-quota.json"));
        cli.Run("test", "double-extend-quota", "--policy", "legacy", "-n", "3", "--parallel", "1", "--until-first-bug", "--scenarios", cli.Scenarios,
            "--out", "t", "--json", "q.json").Exit(1);
        using var json = JsonDocument.Parse(File.ReadAllText(cli.PathOf("q.json")));
        var bug = json.RootElement.GetProperty("runs")[0].GetProperty("firstBug");
        Assert.Equal("quota-matches-live-resources", bug.GetProperty("violation").GetString());
        Assert.Equal("AssertionFailed", bug.GetProperty("kind").GetString());
    }

    [Fact]
    public void Lock_holders_name_their_host_once_and_a_double_delete_at_one_instant_says_so()
    {
        File.Copy(Repo.PathOf("scenarios", "deny-lost-between-read-and-write.json"), Path.Combine(cli.Scenarios, "deny-lost-between-read-and-write.json"));
        cli.Run("test", "deny-lost-between-read-and-write", "--policy", "legacy", "-n", "200", "--parallel", "1", "--until-first-bug",
            "--scenarios", cli.Scenarios, "--out", "t").Exit(1);
        var trace = Directory.GetFiles(cli.PathOf("t"), "deny-lost-between-read-and-write.legacy.it*.json").Single();
        var replay = cli.Run("replay", trace, "--all-steps");
        replay.OutHas("acquired by denyAccess#1@api-2", "acquired by host1.");
        Assert.DoesNotMatch(@"@(api-\d+)@\1", replay.Out);
        Assert.DoesNotMatch(@"\b(host\d+)\.\S+@\1\b", replay.Out);

        var delete = cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "1", "--parallel", "1", "--scenarios", cli.Scenarios, "--out", "t");
        delete.OutHas("reached host1's driver twice: both at 00:05:00 (virtual time)");
        Assert.DoesNotContain("at 00:05:00 and at 00:05:00", delete.Out);
    }
}
