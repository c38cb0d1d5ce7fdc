// Fails when the generated tables in docs/writing-a-scenario.md are stale; SIMMANILA_UPDATE_DOCS=1 rewrites them instead.
using System.Text;

namespace SimManila.Scenarios.Tests;

public sealed class DocsDriftTests
{
    const string UpdateVariable = "SIMMANILA_UPDATE_DOCS";

    [Fact]
    public void The_page_s_generated_tables_match_the_registries()
    {
        var path = Repo.PathOf("docs", "writing-a-scenario.md");
        var committed = File.ReadAllText(path, Encoding.UTF8);
        var current = ScenarioDocs.Regenerate(committed);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            if (current != committed) File.WriteAllText(path, current, new UTF8Encoding(false));
            return;
        }
        Assert.True(current == committed,
            $"docs/writing-a-scenario.md is out of date with ScenarioCalls, InvariantCatalog or PeriodicTaskNames: regenerate with `{UpdateVariable}=1 dotnet test tests/Scenarios` and commit it");
    }

    [Fact]
    public void Every_call_invariant_and_periodic_task_appears_in_its_table()
    {
        var sections = ScenarioDocs.Sections();
        foreach (var call in ScenarioCalls.Known.Values)
        {
            Assert.Contains($"| `{call.Name}` |", sections["calls"]);
            foreach (var arg in call.Args) Assert.Contains($"`{arg.Name}`:", sections["calls"]);
        }
        foreach (var invariant in Invariants.InvariantCatalog.All)
            Assert.Contains($"| `{invariant.Name}` | {invariant.Meaning} |", sections["invariants"]);
        foreach (var task in SimManila.Services.PeriodicTaskNames.All)
            Assert.Contains($"| `{task}` |", sections["periodic-tasks"]);
        Assert.All(sections.Values, s => Assert.DoesNotContain("\r", s));
    }

    [Fact]
    public void The_sample_messages_on_the_page_are_the_loader_s_own()
    {
        var page = File.ReadAllText(Repo.PathOf("docs", "writing-a-scenario.md"), Encoding.UTF8);
        var example = Markdown.JsonBlocks(page)[0];
        const string file = "scenarios/double-share-delete.json";
        int last = example.LastIndexOf("\"$share\"", StringComparison.Ordinal);
        var unbound = example[..last] + "\"$shar\"" + example[(last + "\"$share\"".Length)..];
        var malformed = example.Replace("\"apiWorkers\": 2", "\"apiWorkers\" 2", StringComparison.Ordinal);
        foreach (var json in new[] { unbound, malformed })
        {
            var message = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(json, file)).Message;
            Assert.True(page.Contains("\n" + message + "\n", StringComparison.Ordinal), $"the page's sample messages lack this one, which the loader now gives:\n{message}");
        }
    }

    [Fact]
    public void A_page_without_the_markers_is_an_error() =>
        Assert.Throws<InvalidOperationException>(() => ScenarioDocs.Regenerate("# no markers\n"));
}
