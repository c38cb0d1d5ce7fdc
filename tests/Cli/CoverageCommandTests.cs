// simmanila coverage: the report and the marked Mermaid diagrams.
namespace SimManila.Cli.Tests;

public sealed class CoverageCommandTests : IDisposable
{
    readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void One_scenario_reports_and_writes_diagrams_per_policy()
    {
        var result = cli.Run("coverage", "double-share-delete", "--budget", "3", "--parallel", "1", "--scenarios", cli.Scenarios, "--out", "cov");
        result.Exit(0);
        result.OutHas("Coverage under legacy", "Coverage under guarded", "unexercised transitions marked (not exercised / not implemented): cov");
        Assert.NotEmpty(Directory.GetFiles(cli.PathOf("cov", "legacy")));
        Assert.NotEmpty(Directory.GetFiles(cli.PathOf("cov", "guarded")));
    }

    [Fact]
    public void All_covers_the_directory_and_bad_input_exits_2()
    {
        cli.Run("coverage", "all", "--policy", "guarded", "--budget", "2", "--parallel", "1", "--scenarios", cli.Scenarios, "--out", "cov").Exit(0);
        cli.Run("coverage", "double-share-delet", "--scenarios", cli.Scenarios).BadInput("did you mean: double-share-delete");
        cli.Run("coverage", "all", "--budget", "0", "--scenarios", cli.Scenarios).BadInput("--budget: expected a positive number, got 0");
    }
}
