// scenarios/scenario.schema.json is written by hand; these tests keep its enums and per-call argument definitions equal
// to the registries the loader uses, and its defaults equal to the records'.
using System.Text.Json;
using SimManila.Scenarios.Invariants;

namespace SimManila.Scenarios.Tests;

public sealed class SchemaTests
{
    static readonly JsonDocument Schema = JsonDocument.Parse(File.ReadAllText(Repo.PathOf("scenarios", ScenarioLoader.SchemaFileName)));
    static JsonElement Defs => Schema.RootElement.GetProperty("$defs");

    static List<string?> Enum(string def) =>
        Defs.GetProperty(def).GetProperty("enum").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()).ToList();

    const string Fix = "; update scenarios/scenario.schema.json";

    [Fact]
    public void It_is_a_draft_2020_12_schema_of_an_object()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema.RootElement.GetProperty("$schema").GetString());
        Assert.False(Schema.RootElement.GetProperty("additionalProperties").GetBoolean());
        var required = Schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["name", "description", "reference", "concurrent", "expect"], required);
    }

    [Fact]
    public void Call_names_equal_ScenarioCalls_Known() =>
        Assert.True(Enum("callName").SequenceEqual(ScenarioCalls.Known.Keys),
            $"schema callName enum [{string.Join(", ", Enum("callName"))}] differs from ScenarioCalls.Known [{string.Join(", ", ScenarioCalls.Known.Keys)}]{Fix}");

    [Fact]
    public void Invariant_names_equal_InvariantCatalog_All()
    {
        var names = InvariantCatalog.All.Select(i => i.Name).ToList();
        Assert.True(Enum("invariantName").SequenceEqual(names),
            $"schema invariantName enum [{string.Join(", ", Enum("invariantName"))}] differs from InvariantCatalog.All [{string.Join(", ", names)}]{Fix}");
    }

    [Fact]
    public void Periodic_task_names_equal_PeriodicTaskNames_All() =>
        Assert.True(Enum("periodicTask").SequenceEqual(SimManila.Services.PeriodicTaskNames.All),
            $"schema periodicTask enum [{string.Join(", ", Enum("periodicTask"))}] differs from PeriodicTaskNames.All{Fix}");

    [Fact]
    public void Coordinator_and_replication_enums_equal_the_loader_s()
    {
        var topology = Defs.GetProperty("topology").GetProperty("properties");
        Assert.Equal([null, .. ScenarioLoader.CoordinatorKinds], topology.GetProperty("coordinator").GetProperty("enum").EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()));
        var backend = Defs.GetProperty("backend").GetProperty("properties");
        Assert.Equal([null, .. ScenarioLoader.ReplicationTypes], backend.GetProperty("replicationType").GetProperty("enum").EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Null ? null : e.GetString()));
    }

    [Fact]
    public void Every_call_has_its_arguments_defined_as_its_ArgSpecs_say()
    {
        var branches = Defs.GetProperty("call").GetProperty("allOf").EnumerateArray().ToList();
        Assert.Equal(ScenarioCalls.Known.Count, branches.Count);
        foreach (var spec in ScenarioCalls.Known.Values)
        {
            var branch = branches.SingleOrDefault(b => b.GetProperty("if").GetProperty("properties").GetProperty("call").GetProperty("const").GetString() == spec.Name);
            Assert.True(branch.ValueKind == JsonValueKind.Object, $"$defs.call.allOf has no branch for {spec.Name}{Fix}");
            var then = branch.GetProperty("then");
            Assert.Equal($"#/$defs/args.{spec.Name}", then.GetProperty("properties").GetProperty("args").GetProperty("$ref").GetString());
            bool argsRequired = then.TryGetProperty("required", out var r) && r.EnumerateArray().Any(e => e.GetString() == "args");
            Assert.True(argsRequired == spec.Args.Any(a => a.Required), $"{spec.Name}: \"args\" must be required exactly when the call has a required argument{Fix}");

            Assert.True(Defs.TryGetProperty($"args.{spec.Name}", out var args), $"$defs has no args.{spec.Name}{Fix}");
            Assert.False(args.GetProperty("additionalProperties").GetBoolean());
            var properties = args.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("$ref").GetString());
            Assert.True(properties.Keys.SequenceEqual(spec.Args.Select(a => a.Name)),
                $"args.{spec.Name} defines [{string.Join(", ", properties.Keys)}], ScenarioCalls says [{string.Join(", ", spec.Args.Select(a => a.Name))}]{Fix}");
            foreach (var arg in spec.Args)
                Assert.True(properties[arg.Name] == $"#/$defs/{arg.Kind.ToString().ToLowerInvariant()}Arg",
                    $"args.{spec.Name}.{arg.Name} refers to {properties[arg.Name]}, expected the {arg.Kind} kind{Fix}");
            var required = args.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
            Assert.True(required.SequenceEqual(spec.Args.Where(a => a.Required).Select(a => a.Name)),
                $"args.{spec.Name} requires [{string.Join(", ", required)}], ScenarioCalls says [{string.Join(", ", spec.Args.Where(a => a.Required).Select(a => a.Name))}]{Fix}");
        }
    }

    [Fact]
    public void Documented_defaults_equal_the_records()
    {
        var topology = new ScenarioTopology();
        var t = Defs.GetProperty("topology").GetProperty("properties");
        Assert.Equal(topology.ApiWorkers, t.GetProperty("apiWorkers").GetProperty("default").GetInt32());
        Assert.Equal(topology.DeferredDeletion, t.GetProperty("deferredDeletion").GetProperty("default").GetBoolean());
        var backend = new ScenarioBackend();
        var b = Defs.GetProperty("backend").GetProperty("properties");
        Assert.Equal(backend.Host, b.GetProperty("host").GetProperty("default").GetString());
        Assert.Equal(backend.SnapshotSupport, b.GetProperty("snapshotSupport").GetProperty("default").GetBoolean());
        Assert.Equal(backend.CreateShareFromSnapshotSupport, b.GetProperty("createShareFromSnapshotSupport").GetProperty("default").GetBoolean());
        Assert.Equal(backend.RevertToSnapshotSupport, b.GetProperty("revertToSnapshotSupport").GetProperty("default").GetBoolean());
        Assert.Equal(backend.Ipv6Support, b.GetProperty("ipv6Support").GetProperty("default").GetBoolean());
        Assert.Equal(backend.DriverHandlesShareServers, b.GetProperty("driverHandlesShareServers").GetProperty("default").GetBoolean());
        Assert.Equal(backend.AccessTypes, b.GetProperty("accessTypes").GetProperty("default").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(backend.CapacityGb, b.GetProperty("capacityGb").GetProperty("default").GetInt32());
        var scenario = ScenarioLoader.Parse(LoaderTests.Example, "example.json");
        Assert.Equal(new Scenario { Name = "x", Description = "d", Reference = "r", Concurrent = [], Expect = new() }.RunForSeconds,
            Schema.RootElement.GetProperty("properties").GetProperty("runForSeconds").GetProperty("default").GetInt32());
        Assert.NotNull(scenario);
    }
}
