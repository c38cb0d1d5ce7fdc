// The scenario catalogue as test data (every scenarios/*.json), for the Coyote gate.
using SimManila.Scenarios;

namespace SimManila.Coyote.Tests;

public static class Catalogue
{
    static readonly Lazy<IReadOnlyList<Scenario>> all = new(() => ScenarioLoader.LoadDirectory(Repo.PathOf("scenarios")));

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
}
