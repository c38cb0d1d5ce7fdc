// Checks that the banned-API rule really is wired into the simulated-code projects' builds.
namespace SimManila.Simulation.Tests;

public class BannedApiTests
{
    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SimManila.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SimManila.sln not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [InlineData("src/Model/Model.csproj")]
    [InlineData("src/StateMachines/StateMachines.csproj")]
    [InlineData("src/Drivers/Drivers.csproj")]
    [InlineData("src/Services/Services.csproj")]
    public void SimulatedProjectsOptIntoTheBannedApiList(string project)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), project));
        Assert.Contains("<SimulatedCode>true</SimulatedCode>", text);
    }

    [Theory]
    [InlineData("M:System.Threading.Tasks.Task.Run(System.Action)")]
    [InlineData("P:System.DateTime.Now")]
    [InlineData("M:System.Guid.NewGuid")]
    [InlineData("T:System.Diagnostics.Stopwatch")]
    public void BannedListNamesTheDesignsForbiddenApis(string symbol)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot(), "BannedSymbols.txt"));
        Assert.Contains(lines, l => l.StartsWith(symbol + ";", StringComparison.Ordinal));
    }
}
