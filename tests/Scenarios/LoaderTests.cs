// The loader accepts the documented example and reads every field; writing a scenario back gives a file that reads to
// the same scenario; LoadDirectory's order, schema skipping and duplicate names; every committed scenario file loads.
using SimManila.Services;

namespace SimManila.Scenarios.Tests;

public sealed class LoaderTests
{
    /// <summary>The brief's example, every field written out.</summary>
    internal const string Example = """
        {
          "name": "double-share-delete",
          "description": "Two users delete the same share at once through different API workers.",
          "reference": "LP 1707377, LP 1707379 (fixed by commit 3c5963049)",
          "topology": { "apiWorkers": 2, "coordinator": null, "deferredDeletion": false,
                        "backends": [ { "host": "host1", "snapshotSupport": true, "createShareFromSnapshotSupport": true,
                                        "revertToSnapshotSupport": false, "ipv6Support": true,
                                        "driverHandlesShareServers": false, "replicationType": null,
                                        "accessTypes": ["ip", "user"], "capacityGb": 1000 } ] },
          "setup": [ { "call": "createShare", "as": "share", "args": { "size": 1 } } ],
          "concurrent": [ { "call": "deleteShare", "args": { "share": "$share" }, "worker": 1 },
                          { "call": "deleteShare", "args": { "share": "$share" }, "worker": 2 } ],
          "periodicTasks": [], "faults": [], "runForSeconds": 600,
          "expect": { "legacy": ["one-delete-reaches-driver"], "guarded": "clean" }
        }
        """;

    static void AssertIsExample(Scenario s)
    {
        Assert.Equal("double-share-delete", s.Name);
        Assert.Equal("Two users delete the same share at once through different API workers.", s.Description);
        Assert.Equal("LP 1707377, LP 1707379 (fixed by commit 3c5963049)", s.Reference);
        Assert.Equal(2, s.Topology.ApiWorkers);
        Assert.Null(s.Topology.Coordinator);
        Assert.False(s.Topology.DeferredDeletion);
        var b = Assert.Single(s.Topology.Backends);
        var defaults = new ScenarioBackend();
        Assert.Equal(defaults, b with { AccessTypes = defaults.AccessTypes });
        Assert.Equal(["ip", "user"], b.AccessTypes);
        var create = Assert.Single(s.Setup);
        Assert.Equal("createShare", create.Call);
        Assert.Equal("share", create.As);
        Assert.Null(create.Worker);
        Assert.Equal(1, Assert.IsType<int>(Assert.Single(create.Args).Value));
        Assert.Equal(2, s.Concurrent.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal("deleteShare", s.Concurrent[i].Call);
            Assert.Equal(i + 1, s.Concurrent[i].Worker);
            Assert.Null(s.Concurrent[i].As);
            var arg = Assert.Single(s.Concurrent[i].Args);
            Assert.Equal(("share", (object?)"$share"), (arg.Key, arg.Value));
        }
        Assert.Empty(s.PeriodicTasks);
        Assert.Empty(s.Faults);
        Assert.Equal(600, s.RunForSeconds);
        Assert.Equal(["one-delete-reaches-driver"], s.Expect.For(ConcurrencyPolicy.Legacy));
        Assert.Empty(s.Expect.For(ConcurrencyPolicy.Guarded));
    }

    [Fact]
    public void The_example_reads_every_field()
    {
        var s = ScenarioLoader.Parse(Example, "example.json");
        AssertIsExample(s);
        Assert.Equal("example.json", s.SourceFile);
    }

    [Fact]
    public void The_example_round_trips_through_the_writer()
    {
        var first = ScenarioLoader.Parse(Example, "example.json");
        var written = ScenarioLoader.ToJson(first);
        var second = ScenarioLoader.Parse(written, "written.json");
        AssertIsExample(second);
        Assert.Equal(written, ScenarioLoader.ToJson(second));
        Assert.DoesNotContain("\r", written);
        Assert.Contains("\"share\": \"$share\"", written);
        Assert.Contains("\"guarded\": \"clean\"", written);
    }

    [Fact]
    public void The_documented_examples_load_and_the_short_form_equals_the_long_one()
    {
        var blocks = Markdown.JsonBlocks(File.ReadAllText(Repo.PathOf("docs", "writing-a-scenario.md")));
        var full = ScenarioLoader.Parse(blocks[0], "docs example");
        var minimal = ScenarioLoader.Parse(blocks[1], "docs short form");
        AssertIsExample(full);
        Assert.Equal(ScenarioLoader.ToJson(full), ScenarioLoader.ToJson(minimal));
        Assert.Equal(ScenarioLoader.ToJson(ScenarioLoader.Parse(Example, "brief")), ScenarioLoader.ToJson(full));
    }

    [Fact]
    public void Only_the_required_fields_take_the_record_defaults()
    {
        var s = ScenarioLoader.Parse("""
            { "name": "two-creates", "description": "d", "reference": "r",
              "concurrent": [ { "call": "createShare", "args": { "size": 1 } }, { "call": "createShare", "args": { "size": 2 } } ],
              "expect": { "legacy": "clean", "guarded": "clean" } }
            """, "defaults.json");
        Assert.Equal(new ScenarioTopology().ApiWorkers, s.Topology.ApiWorkers);
        Assert.Equal("host1", Assert.Single(s.Topology.Backends).Host);
        Assert.Empty(s.Setup);
        Assert.Equal(600, s.RunForSeconds);
        Assert.Empty(s.Expect.Legacy);
        Assert.Empty(s.Expect.Guarded);
    }

    [Fact]
    public void Every_argument_kind_reads_to_its_value_and_references_of_the_right_kind_pass()
    {
        var s = ScenarioLoader.Parse("""
            { "name": "kinds", "description": "d", "reference": "r",
              "topology": { "apiWorkers": 3, "coordinator": "distributed", "deferredDeletion": true,
                            "backends": [ { "host": "a", "replicationType": "dr", "accessTypes": ["ip"], "capacityGb": 5 },
                                          { "host": "b", "revertToSnapshotSupport": true } ] },
              "setup": [ { "call": "createShare", "as": "s1", "args": { "size": 2, "protocol": "CIFS", "snapshotSupport": false } },
                         { "call": "createSnapshot", "as": "snap", "args": { "share": "$s1" } },
                         { "call": "allowAccess", "as": "rule", "args": { "share": "$s1", "accessType": "ip", "accessTo": "10.0.0.1" }, "worker": 3 } ],
              "concurrent": [ { "call": "denyAccess", "args": { "share": "$s1", "access": "$rule" } },
                              { "call": "revertShare", "args": { "share": "$s1", "snapshot": "$snap" } } ],
              "periodicTasks": ["periodic_share_status_update"], "faults": ["driver.update_access", "rpc.lost"], "runForSeconds": 30,
              "expect": { "legacy": ["denied-rules-are-gone", "access-rules-match-backend"], "guarded": "clean" } }
            """, "kinds.json");
        Assert.Equal("distributed", s.Topology.Coordinator);
        Assert.True(s.Topology.DeferredDeletion);
        Assert.Equal(["a", "b"], s.Topology.Backends.Select(b => b.Host));
        Assert.Equal("dr", s.Topology.Backends[0].ReplicationType);
        Assert.Equal(5, s.Topology.Backends[0].CapacityGb);
        Assert.True(s.Topology.Backends[1].RevertToSnapshotSupport);
        Assert.Equal("CIFS", s.Setup[0].Args["protocol"]);
        Assert.Equal(false, s.Setup[0].Args["snapshotSupport"]);
        Assert.Equal(3, s.Setup[2].Worker);
        Assert.Equal(["periodic_share_status_update"], s.PeriodicTasks);
        Assert.Equal(["driver.update_access", "rpc.lost"], s.Faults);
        Assert.Equal(30, s.RunForSeconds);
        Assert.Equal(2, s.Expect.Legacy.Count);
        Assert.Equal(ScenarioLoader.ToJson(s), ScenarioLoader.ToJson(ScenarioLoader.Parse(ScenarioLoader.ToJson(s), "again.json")));
    }

    [Fact]
    public void One_concurrent_call_is_enough_with_a_periodic_task()
    {
        var s = ScenarioLoader.Parse("""
            { "name": "poll-race", "description": "d", "reference": "r",
              "setup": [ { "call": "createShare", "as": "share", "args": { "size": 1 } } ],
              "concurrent": [ { "call": "deleteShare", "args": { "share": "$share" } } ],
              "periodicTasks": ["periodic_share_status_update"],
              "expect": { "legacy": "clean", "guarded": "clean" } }
            """, "poll.json");
        Assert.Single(s.Concurrent);
    }

    [Fact]
    public void Load_keeps_the_path_and_accepts_a_byte_order_mark()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("example.json", "\uFEFF" + Example);
        var s = ScenarioLoader.Load(path);
        Assert.Equal(path, s.SourceFile);
        AssertIsExample(s);
    }

    [Fact]
    public void LoadDirectory_reads_every_scenario_in_file_name_order_and_skips_the_schema()
    {
        using var dir = new TempDirectory();
        dir.Write("b.json", Example.Replace("double-share-delete", "second", StringComparison.Ordinal));
        dir.Write("a.json", Example.Replace("double-share-delete", "first", StringComparison.Ordinal));
        dir.Write(ScenarioLoader.SchemaFileName, File.ReadAllText(Repo.PathOf("scenarios", ScenarioLoader.SchemaFileName)));
        dir.Write("notes.txt", "not a scenario");
        var scenarios = ScenarioLoader.LoadDirectory(dir.Path);
        Assert.Equal(["first", "second"], scenarios.Select(s => s.Name));
        Assert.Equal(Path.Combine(dir.Path, "a.json"), scenarios[0].SourceFile);
    }

    [Fact]
    public void LoadDirectory_rejects_a_duplicate_name_naming_both_files()
    {
        using var dir = new TempDirectory();
        var first = dir.Write("one.json", Example);
        var second = dir.Write("two.json", Example);
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.LoadDirectory(dir.Path));
        Assert.Equal(second, e.File);
        Assert.Equal("$.name", e.JsonPath);
        Assert.Contains(second, e.Message);
        Assert.Contains(first, e.Message);
        Assert.Contains("\"double-share-delete\" is already used by", e.Message);
    }

    [Fact]
    public void LoadDirectory_stops_at_a_bad_file_and_names_it()
    {
        using var dir = new TempDirectory();
        dir.Write("a.json", Example);
        var bad = dir.Write("b.json", Example.Replace("\"runForSeconds\": 600", "\"runForSeconds\": -1", StringComparison.Ordinal));
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.LoadDirectory(dir.Path));
        Assert.Equal(bad, e.File);
        Assert.StartsWith(bad + ": $.runForSeconds: ", e.Message);
    }

    [Fact]
    public void Every_committed_scenario_file_loads()
    {
        // Catalogue files arrive in scenarios/ over time; each must pass the loader (the directory may hold only the schema).
        var scenarios = ScenarioLoader.LoadDirectory(Repo.PathOf("scenarios"));
        Assert.All(scenarios, s => Assert.StartsWith(Repo.PathOf("scenarios"), s.SourceFile));
    }

    sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("simmanila-scenarios-").FullName;

        public string Write(string name, string content)
        {
            var file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, content);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
