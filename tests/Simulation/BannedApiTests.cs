// Checks that the banned-API rule really is wired into the simulated-code projects' builds.
namespace SimManila.Simulation.Tests;

public class BannedApiTests
{
    [Theory]
    [InlineData("src/Model/Model.csproj")]
    [InlineData("src/StateMachines/StateMachines.csproj")]
    [InlineData("src/Drivers/Drivers.csproj")]
    [InlineData("src/Services/Services.csproj")]
    public void SimulatedProjectsOptIntoTheBannedApiList(string project)
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, project));
        Assert.Contains("<SimulatedCode>true</SimulatedCode>", text);
    }

    [Theory]
    [InlineData("M:System.Threading.Tasks.Task.Run(System.Action)")]
    [InlineData("P:System.DateTime.Now")]
    [InlineData("M:System.Guid.NewGuid")]
    [InlineData("T:System.Diagnostics.Stopwatch")]
    public void BannedListNamesTheDesignsForbiddenApis(string symbol)
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Root, "BannedSymbols.txt"));
        Assert.Contains(lines, l => l.StartsWith(symbol + ";", StringComparison.Ordinal));
    }
}
