// One race fix from Manila's history: the bug id(s) it closed, its commit, and what it changed. Legacy has every fix;
// a scenario's reproduceFixedBugs or `simmanila test --without-fix ID` runs Manila as it was before one.
namespace SimManila.Services.History;

/// <param name="Id">The Launchpad bug (or blueprint) as scenarios name it, e.g. "LP 2068043".</param>
/// <param name="Commit">The commit that fixed it in openstack/manila (abbreviated hash).</param>
/// <param name="Date">The commit's date (yyyy-mm-dd).</param>
/// <param name="Subsystem">What part of Manila it touches (shares, replicas, access rules, ...).</param>
/// <param name="Change">One line: what the fix changed.</param>
/// <param name="Before">One line: what Manila did before it, the path Legacy takes with the fix switched off.</param>
public sealed record Fix(string Id, string Commit, string Date, string Subsystem, string Change, string Before)
{
    public override string ToString() => $"{Id} ({Commit})";
}
