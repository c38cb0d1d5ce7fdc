// The catalogue as test data: every scenarios/*.json, and the seed CI explores with.
using System.Globalization;
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

    /// <summary>
    /// The run seed: fixed by default so a failure reproduces; CI sets SIMMANILA_SEED (the commit hash) so each
    /// commit explores new schedules and still reproduces from the seed printed in the failure.
    /// </summary>
    public static ulong Seed
    {
        get
        {
            var text = Environment.GetEnvironmentVariable("SIMMANILA_SEED");
            if (string.IsNullOrWhiteSpace(text)) return 20261121;
            if (ulong.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex)) return hex;
            ulong hash = 14695981039346656037UL; // FNV-1a of any other text
            foreach (char c in text) hash = (hash ^ c) * 1099511628211UL;
            return hash;
        }
    }

}
