// A race as a picture: replay --format mermaid (a sequenceDiagram of the processes) and --format html (a timeline page,
// one lane per operation), and minimize draws the minimal interleaving beside its trace.
namespace SimManila.Cli.Tests;

public sealed class PictureTests : IDisposable
{
    readonly CliHarness cli = new();
    readonly string trace;

    public PictureTests()
    {
        cli.Run("test", "double-share-delete", "--policy", "legacy", "-n", "3", "--until-first-bug", "--parallel", "1",
            "--scenarios", cli.Scenarios, "--out", "traces").Exit(1);
        trace = Path.Combine("traces", "double-share-delete.legacy.it0.json");
    }

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Mermaid_is_a_sequence_diagram_of_the_processes_with_the_failing_step_marked()
    {
        var result = cli.Run("replay", trace, "--format", "mermaid");
        result.Exit(1);
        var lines = result.Out.Split('\n');
        Assert.Equal("sequenceDiagram", lines[0]);
        foreach (var participant in new[] { "as client", "as api-1", "as api-2", "as scheduler", "as manager host1", "as driver host1", "as database" })
            Assert.Contains(lines, l => l.StartsWith("    participant ", StringComparison.Ordinal) && l.EndsWith(participant, StringComparison.Ordinal));
        // Requests, casts (async arrows), driver calls, status changes and answers are messages between participants.
        Assert.Contains(lines, l => l.Contains("p_client->>p_api_1: ", StringComparison.Ordinal) && l.Contains("DELETE /shares/share-1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("-)p_host1: ", StringComparison.Ordinal) && l.Contains("cast delete_share_instance", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("p_host1->>p_driver_host1: ", StringComparison.Ordinal) && l.Contains("delete_share(instance-1)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("->>p_database: ", StringComparison.Ordinal) && l.Contains("instance-1 → deleting (api.delete)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("-->>p_client: ", StringComparison.Ordinal) && l.Contains("202 Accepted", StringComparison.Ordinal));
        // The failing step sits in a red block with its note.
        int failing = Array.FindIndex(lines, l => l.Contains("fails here", StringComparison.Ordinal));
        Assert.True(failing > 0, result.Out);
        Assert.StartsWith("    Note over p_host1: step ", lines[failing]);
        Assert.Contains("one-delete-reaches-driver", lines[failing]);
        Assert.Equal("    rect rgb(248, 215, 218)", lines.Take(failing).Last(l => l.Contains("rect", StringComparison.Ordinal)));
        // Mermaid's syntax characters never reach it raw: '#' in operation names becomes an entity.
        Assert.DoesNotContain(lines.Skip(1), l => l.Contains("deleteShare#1", StringComparison.Ordinal));
    }

    [Fact]
    public void Html_is_a_self_contained_timeline_with_a_lane_per_operation_and_the_race_highlighted()
    {
        var result = cli.Run("replay", trace, "--format", "html", "--out", "race.html");
        result.Exit(1);
        result.OutHas("HTML timeline: race.html");
        var page = File.ReadAllText(cli.PathOf("race.html"));
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("href=", page);
        Assert.DoesNotContain("src=", page);
        foreach (var lane in new[] { ">setup<", ">deleteShare#1@api-1<", ">deleteShare#2@api-2<", ">host1.delete_share_instance<" })
            Assert.Contains(lane, page);
        Assert.Contains("<title>step ", page); // each box's detail on hover
        Assert.Contains("stroke=\"#c0392b\"", page); // the failing step
        Assert.Contains("stroke=\"#e0a800\"", page); // the race's steps
        Assert.Contains("&lt;== fails here", page);
    }

    [Fact]
    public void A_picture_needs_a_format_and_a_file_to_write()
    {
        cli.Run("replay", trace, "--out", "x.html").BadInput("--out: writes a picture; pass --format mermaid or --format html");
        Directory.CreateDirectory(cli.PathOf("dir"));
        cli.Run("replay", trace, "--format", "html", "--out", "dir").BadInput("--out dir: is a directory");
        cli.Run("replay", trace, "--format", "png").BadInput("png");
    }

    [Fact]
    public void Minimize_writes_the_pictures_of_the_minimal_interleaving_beside_its_trace()
    {
        var result = cli.Run("minimize", trace, "--out", "small.json");
        result.Exit(0);
        result.OutHas("Pictures of the minimal interleaving: small.mmd, small.html");
        Assert.StartsWith("sequenceDiagram", File.ReadAllText(cli.PathOf("small.mmd")));
        Assert.Contains("fails here", File.ReadAllText(cli.PathOf("small.mmd")));
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(cli.PathOf("small.html")));
        Assert.Equal(cli.Run("replay", "small.json", "--format", "mermaid").Out, File.ReadAllText(cli.PathOf("small.mmd")));
    }

    [Fact]
    public void The_guide_shows_the_picture_minimize_draws_today()
    {
        // This schedule is the one hunt finds first (iteration 0 of the default seed), so the guide's picture is its own.
        cli.Run("minimize", trace, "--out", "small.json").Exit(0);
        var guide = File.ReadAllText(Repo.PathOf("docs", "reproduce-a-race.md"));
        Assert.Contains("```mermaid\n" + File.ReadAllText(cli.PathOf("small.mmd")) + "```", guide);
    }
}
