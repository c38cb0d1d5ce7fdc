// The catalogue as test data: every scenarios/*.json, and the seed CI explores with.
using SimManila.Scenarios;

namespace SimManila.Systematic.Tests;

public static class Catalogue
{
    static readonly Lazy<IReadOnlyList<Scenario>> all = new(() => ScenarioLoader.LoadDirectory(Path.Combine(Repo.Root, "scenarios")));

    public static IReadOnlyList<Scenario> All => all.Value;

    public static Scenario Get(string name) => All.Single(s => s.Name == name);

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var scenario in All) data.Add(scenario.Name);
            return data;
        }
    }

    /// <summary>The run seed (tests/Shared/RunSeed.cs): fixed by default, the commit hash in CI (SIMMANILA_SEED).</summary>
    public static ulong Seed => RunSeed.Value;
}
