// One test per loader rule, each from the documented example with one fixed change: the single exception names the
// file, the exact JSON path and what was expected there.
using System.Text.Json.Nodes;

namespace SimManila.Scenarios.Tests;

public sealed class RejectionTests
{
    const string File = "scenarios/bad.json";

    static JsonObject Example() => JsonNode.Parse(LoaderTests.Example)!.AsObject();

    static JsonObject Call(string call, string? share = null, string? worker = null)
    {
        var o = new JsonObject { ["call"] = call, ["args"] = new JsonObject() };
        if (share is not null) o["args"]!["share"] = share;
        if (worker is not null) o["worker"] = JsonNode.Parse(worker);
        return o;
    }

    /// <summary>The example changed by <paramref name="change"/> must be rejected at <paramref name="path"/> with a
    /// message holding each of <paramref name="expected"/>.</summary>
    static ScenarioFormatException Rejects(Action<JsonObject> change, string path, params string[] expected)
    {
        var root = Example();
        change(root);
        return RejectsText(root.ToJsonString(), path, expected);
    }

    static ScenarioFormatException RejectsText(string json, string path, params string[] expected)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse(json, File));
        Assert.Equal(File, e.File);
        Assert.Equal(path, e.JsonPath);
        Assert.StartsWith(e.Line is int line ? $"{File}:{line}: {path}: " : $"{File}: {path}: ", e.Message);
        foreach (var text in expected) Assert.Contains(text, e.Message);
        return e;
    }

    // ---- document shape ----

    [Fact]
    public void The_document_must_be_an_object() =>
        RejectsText("[1, 2]", "$", "expected a scenario object, found an array of 2");

    [Fact]
    public void A_key_may_not_appear_twice() =>
        RejectsText(LoaderTests.Example.Replace("\"runForSeconds\": 600", "\"runForSeconds\": 600, \"runForSeconds\": 60", StringComparison.Ordinal),
            "$.runForSeconds", "key \"runForSeconds\" appears twice");

    [Theory]
    [InlineData("name")]
    [InlineData("description")]
    [InlineData("reference")]
    [InlineData("concurrent")]
    [InlineData("expect")]
    public void A_required_top_level_key_must_be_present(string key) =>
        Rejects(r => r.Remove(key), "$." + key, $"required key \"{key}\" is missing");

    [Fact]
    public void Both_policies_need_an_expectation() =>
        Rejects(r => r["expect"]!.AsObject().Remove("guarded"), "$.expect.guarded", "required key \"guarded\" is missing");

    // ---- unknown keys, with the allowed ones and the closest ----

    [Fact]
    public void An_unknown_top_level_key_is_named_with_the_closest_allowed_one() =>
        Rejects(r => { r["periodicTask"] = new JsonArray(); }, "$.periodicTask",
            "unknown key \"periodicTask\"", "did you mean \"periodicTasks\"?", "name, description, reference, topology");

    [Fact]
    public void An_unknown_topology_key_is_named_with_the_closest_allowed_one() =>
        Rejects(r => { r["topology"]!["apiWorker"] = 2; }, "$.topology.apiWorker",
            "did you mean \"apiWorkers\"?", "apiWorkers, coordinator, deferredDeletion, reproduceFixedBugs, restartAfterSeconds, driverLatencyMs, backends");

    [Fact]
    public void An_unknown_backend_key_is_named_with_the_closest_allowed_one() =>
        Rejects(r => { r["topology"]!["backends"]![0]!["snapshotsupport"] = true; }, "$.topology.backends[0].snapshotsupport",
            "did you mean \"snapshotSupport\"?", "capacityGb");

    [Fact]
    public void An_unknown_call_key_is_named_with_the_closest_allowed_one() =>
        Rejects(r => { r["concurrent"]![0]!["workers"] = 1; }, "$.concurrent[0].workers",
            "did you mean \"worker\"?", "call, args, as, worker");

    [Fact]
    public void An_unknown_expect_key_is_named_with_the_closest_allowed_one() =>
        Rejects(r => { r["expect"]!["guard"] = "clean"; }, "$.expect.guard", "did you mean \"guarded\"?", "legacy, guarded");

    // ---- types and values at the top level ----

    [Fact]
    public void The_name_must_be_a_string() =>
        Rejects(r => r["name"] = 7, "$.name", "expected a kebab-case scenario name (a string), found the number 7");

    [Fact]
    public void The_name_must_be_kebab_case() =>
        Rejects(r => r["name"] = "Double_Share Delete", "$.name", "expected a kebab-case name", "\"Double_Share Delete\"");

    [Fact]
    public void The_description_may_not_be_blank() =>
        Rejects(r => r["description"] = "  ", "$.description", "expected a non-empty description");

    [Fact]
    public void The_reference_may_not_be_blank() =>
        Rejects(r => r["reference"] = "", "$.reference", "expected a non-empty reference");

    [Fact]
    public void Setup_must_be_an_array() =>
        Rejects(r => r["setup"] = new JsonObject(), "$.setup", "expected an array of set-up calls, found an object");

    [Fact]
    public void RunForSeconds_must_be_a_positive_integer() =>
        Rejects(r => r["runForSeconds"] = 0, "$.runForSeconds", "expected a whole number of virtual seconds > 0, found the number 0");

    [Fact]
    public void RunForSeconds_may_not_have_a_fraction() =>
        Rejects(r => r["runForSeconds"] = 1.5, "$.runForSeconds", "found the number 1.5");

    // ---- topology ----

    [Fact]
    public void ApiWorkers_must_be_at_least_one() =>
        Rejects(r => r["topology"]!["apiWorkers"] = 0, "$.topology.apiWorkers", "expected a number of API workers >= 1, found the number 0");

    [Fact]
    public void The_coordinator_is_null_or_distributed() =>
        Rejects(r => r["topology"]!["coordinator"] = "distributd", "$.topology.coordinator",
            "expected null (the policy's own) or one of \"distributed\"", "did you mean \"distributed\"?");

    [Fact]
    public void A_host_local_coordinator_is_refused_since_guarded_cannot_run_with_it() =>
        Rejects(r => r["topology"]!["coordinator"] = "host-local", "$.topology.coordinator", "cannot run under Guarded");

    [Fact]
    public void A_name_longer_than_a_file_name_allows_is_refused() =>
        Rejects(r => r["name"] = string.Join("-", Enumerable.Repeat("race", 30)), "$.name", "at most 100 characters");

    [Theory]
    [InlineData("size", -1, "a share size in GB >= 1")]
    [InlineData("protocol", "NFZ", "one of Manila's share protocols")]
    public void A_set_up_call_manila_would_refuse_is_refused(string arg, object value, string expected) =>
        Rejects(r => r["setup"]![0]!["args"]![arg] = System.Text.Json.Nodes.JsonValue.Create(value), $"$.setup[0].args.{arg}", "a set-up call must succeed", expected);

    [Fact]
    public void DeferredDeletion_must_be_a_boolean() =>
        Rejects(r => r["topology"]!["deferredDeletion"] = "yes", "$.topology.deferredDeletion", "expected true or false, found the string \"yes\"");

    [Fact]
    public void Backends_may_not_be_empty() =>
        Rejects(r => r["topology"]!["backends"] = new JsonArray(), "$.topology.backends", "expected at least one backend");

    [Fact]
    public void A_backend_host_may_not_be_empty() =>
        Rejects(r => r["topology"]!["backends"]![0]!["host"] = "", "$.topology.backends[0].host", "expected a non-empty host name");

    [Fact]
    public void Backend_hosts_must_be_unique() =>
        Rejects(r => r["topology"]!["backends"]!.AsArray().Add(new JsonObject { ["host"] = "host1" }),
            "$.topology.backends[1].host", "host \"host1\" is already used by $.topology.backends[0]", "unique");

    [Fact]
    public void The_replication_type_is_null_readable_writable_or_dr() =>
        Rejects(r => r["topology"]!["backends"]![0]!["replicationType"] = "sync", "$.topology.backends[0].replicationType",
            "expected null (no replication) or one of \"readable\", \"writable\", \"dr\", found the string \"sync\"");

    [Fact]
    public void Capacity_must_be_at_least_one_gigabyte() =>
        Rejects(r => r["topology"]!["backends"]![0]!["capacityGb"] = 0, "$.topology.backends[0].capacityGb", "expected a capacity in GB >= 1");

    [Fact]
    public void Access_types_are_listed_once() =>
        Rejects(r => r["topology"]!["backends"]![0]!["accessTypes"] = new JsonArray("ip", "ip"), "$.topology.backends[0].accessTypes[1]",
            "\"ip\" repeats $.topology.backends[0].accessTypes[0]");

    // ---- calls and their arguments ----

    [Fact]
    public void An_unknown_call_is_named_with_the_closest_known_one() =>
        Rejects(r => r["concurrent"]![1]!["call"] = "deleteShares", "$.concurrent[1].call",
            "unknown call \"deleteShares\"", "did you mean \"deleteShare\"?", "expected one of: createShare, deleteShare");

    [Fact]
    public void Args_must_be_an_object() =>
        Rejects(r => r["setup"]![0]!["args"] = new JsonArray(1), "$.setup[0].args", "expected an object of createShare's arguments, found an array of 1");

    [Fact]
    public void An_unknown_argument_is_named_with_the_call_s_own() =>
        Rejects(r => r["concurrent"]![1]!["args"]!["size"] = 1, "$.concurrent[1].args.size",
            "unknown key \"size\"", "expected arguments of deleteShare: share, force");

    [Fact]
    public void A_misspelt_argument_gets_the_closest_one() =>
        Rejects(r => r["concurrent"]![1]!["args"]!["forse"] = true, "$.concurrent[1].args.forse", "did you mean \"force\"?");

    [Fact]
    public void A_required_argument_must_be_present() =>
        Rejects(r => r["setup"]![0]!["args"]!.AsObject().Remove("size"), "$.setup[0].args.size",
            "missing required argument of createShare: expected an integer");

    [Fact]
    public void A_call_without_args_misses_its_required_arguments() =>
        Rejects(r => r["concurrent"]![0]!.AsObject().Remove("args"), "$.concurrent[0].args.share",
            "missing required argument of deleteShare", "reference \"$name\" to a share");

    [Fact]
    public void An_integer_argument_must_be_an_integer() =>
        Rejects(r => r["setup"]![0]!["args"]!["size"] = "one", "$.setup[0].args.size",
            "expected an integer for createShare's \"size\", found the string \"one\"");

    [Fact]
    public void A_boolean_argument_must_be_a_boolean() =>
        Rejects(r => r["concurrent"]![0]!["args"]!["force"] = 1, "$.concurrent[0].args.force",
            "expected true or false for deleteShare's \"force\", found the number 1");

    [Fact]
    public void A_string_argument_may_not_start_with_a_dollar() =>
        Rejects(r => r["setup"]![0]!["args"]!["protocol"] = "$nfs", "$.setup[0].args.protocol",
            "expected a string not starting with '$'", "found the string \"$nfs\"");

    [Fact]
    public void A_reference_must_start_with_a_dollar() =>
        Rejects(r => r["concurrent"]![0]!["args"]!["share"] = "share", "$.concurrent[0].args.share",
            "expected a reference \"$name\" to a share", "found the string \"share\"");

    [Fact]
    public void A_reference_must_name_a_bound_variable() =>
        Rejects(r => r["concurrent"]![1]!["args"]!["share"] = "$shar", "$.concurrent[1].args.share",
            "$shar is bound by no earlier set-up call", "did you mean \"$share\"?", "expected one of: $share");

    [Fact]
    public void A_reference_may_not_name_a_variable_bound_later() =>
        Rejects(r =>
        {
            var setup = r["setup"]!.AsArray();
            setup.Insert(0, Call("createSnapshot", share: "$share"));
        }, "$.setup[0].args.share", "$share is bound by no earlier set-up call (none binds a variable yet)");

    [Fact]
    public void A_reference_must_hold_the_kind_the_argument_needs() =>
        Rejects(r =>
        {
            var snapshot = Call("createSnapshot", share: "$share");
            snapshot["as"] = "snap";
            r["setup"]!.AsArray().Add(snapshot);
            r["concurrent"]![1]!["args"]!["share"] = "$snap";
        }, "$.concurrent[1].args.share", "$snap is a snapshot (bound by $.setup[1], createSnapshot)", "expected a reference to a share");

    [Fact]
    public void A_concurrent_call_may_not_bind_a_variable() =>
        Rejects(r => r["concurrent"]![0]!["as"] = "gone", "$.concurrent[0].as", "concurrent calls may not bind a variable");

    [Fact]
    public void Only_a_call_that_creates_something_may_bind_a_variable() =>
        Rejects(r =>
        {
            var delete = Call("deleteShare", share: "$share");
            delete["as"] = "deleted";
            r["setup"]!.AsArray().Add(delete);
        }, "$.setup[1].as", "deleteShare creates nothing whose id could be bound", "expected \"as\" only on createShare, createSnapshot, allowAccess");

    [Fact]
    public void A_variable_is_bound_once() =>
        Rejects(r =>
        {
            var again = new JsonObject { ["call"] = "createShare", ["as"] = "share", ["args"] = new JsonObject { ["size"] = 2 } };
            r["setup"]!.AsArray().Add(again);
        }, "$.setup[1].as", "variable \"share\" is already bound by $.setup[0] (createShare)");

    [Fact]
    public void A_variable_name_is_a_plain_identifier() =>
        Rejects(r => r["setup"]![0]!["as"] = "$share", "$.setup[0].as", "expected a variable name", "without the '$'");

    [Fact]
    public void A_worker_must_exist_in_the_topology() =>
        Rejects(r => r["concurrent"]![1]!["worker"] = 3, "$.concurrent[1].worker",
            "expected an API worker number from 1 to 2 (topology.apiWorkers), found the number 3");

    [Fact]
    public void A_worker_counts_from_one() =>
        Rejects(r => r["concurrent"]![0]!["worker"] = 0, "$.concurrent[0].worker", "from 1 to 2", "found the number 0");

    [Fact]
    public void A_worker_is_a_number() =>
        Rejects(r => r["setup"]![0]!["worker"] = "1", "$.setup[0].worker", "from 1 to 2", "found the string \"1\"");

    // ---- concurrency ----

    [Fact]
    public void One_concurrent_call_alone_races_with_nothing() =>
        Rejects(r => r["concurrent"]!.AsArray().RemoveAt(1), "$.concurrent",
            "expected at least two concurrent calls, or one plus at least one entry in \"periodicTasks\"");

    [Fact]
    public void No_concurrent_call_is_rejected() =>
        Rejects(r => r["concurrent"] = new JsonArray(), "$.concurrent", "found an empty array");

    // ---- names: periodic tasks, invariants, faults ----

    [Fact]
    public void An_unknown_periodic_task_is_named_with_the_closest_known_one() =>
        Rejects(r => r["periodicTasks"] = new JsonArray("periodic_share_status_updat"), "$.periodicTasks[0]",
            "unknown periodic task \"periodic_share_status_updat\"", "did you mean \"periodic_share_status_update\"?", "expected one of: periodic_share_replica_update");

    [Fact]
    public void A_periodic_task_is_listed_once() =>
        Rejects(r => r["periodicTasks"] = new JsonArray("periodic_share_status_update", "periodic_share_status_update"), "$.periodicTasks[1]",
            "repeats $.periodicTasks[0]");

    [Fact]
    public void Faults_are_strings() =>
        Rejects(r => r["faults"] = new JsonArray("rpc.lost", 3), "$.faults[1]", "expected a non-empty fault site (a string), found the number 3");

    [Fact]
    public void An_unknown_invariant_is_named_with_the_closest_known_one() =>
        Rejects(r => r["expect"]!["legacy"] = new JsonArray("one-delete-reaches-drivers"), "$.expect.legacy[0]",
            "unknown invariant \"one-delete-reaches-drivers\"", "did you mean \"one-delete-reaches-driver\"?", "quota-matches-live-resources");

    [Fact]
    public void An_expectation_is_clean_or_a_non_empty_array() =>
        Rejects(r => r["expect"]!["legacy"] = new JsonArray(), "$.expect.legacy",
            "expected \"clean\" or a non-empty array of invariant names, found an empty array");

    [Fact]
    public void A_bare_invariant_name_is_told_to_go_in_an_array() =>
        Rejects(r => r["expect"]!["legacy"] = "one-delete-reaches-driver", "$.expect.legacy",
            "expected \"clean\" or a non-empty array", "write [\"one-delete-reaches-driver\"]");

    [Fact]
    public void An_expectation_is_not_a_boolean() =>
        Rejects(r => r["expect"]!["guarded"] = true, "$.expect.guarded", "expected \"clean\" or a non-empty array of invariant names, found true");

    // ---- malformed JSON: the line, the path reached, the reader's reason ----

    [Fact]
    public void Malformed_json_reports_the_line_and_the_path_reached()
    {
        // The reader fails on the key itself, so the path is the object that holds it.
        var json = "{\n  \"name\": \"x\",\n  \"topology\": {\n    \"apiWorkers\" 2\n  }\n}\n";
        var e = RejectsText(json, "$.topology", "malformed JSON (line 4, byte", "Expected a ':'");
        Assert.Equal(4, e.Line);
        Assert.StartsWith($"{File}:4: $.topology: malformed JSON", e.Message);
    }

    [Fact]
    public void A_trailing_comma_is_malformed_json_at_its_line()
    {
        var json = "{\n  \"concurrent\": [\n    {\"call\": \"deleteShare\"},\n  ]\n}";
        var e = RejectsText(json, "$.concurrent[0]", "malformed JSON", "trailing comma");
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void A_truncated_file_is_malformed_json()
    {
        var cut = LoaderTests.Example.IndexOf("LP 1707379", StringComparison.Ordinal);
        var e = RejectsText(LoaderTests.Example[..cut], "$.reference", "malformed JSON");
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void An_empty_file_is_malformed_json_at_line_one()
    {
        var e = RejectsText("", "$", "malformed JSON", "does not contain any JSON tokens");
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Only_malformed_json_carries_a_line() =>
        Assert.Null(Rejects(r => r["runForSeconds"] = 0, "$.runForSeconds").Line);

    // ---- fields added with the catalogue ----

    [Fact]
    public void A_fixed_bug_to_reproduce_must_be_known() =>
        Rejects(r => r["topology"]!["reproduceFixedBugs"] = new JsonArray("LP 1550296"), "$.topology.reproduceFixedBugs[0]",
            "unknown fixed bug \"LP 1550296\"", "LP 1550295");

    [Fact]
    public void Settle_applies_to_set_up_calls_only() =>
        Rejects(r => r["concurrent"]![0]!["settle"] = false, "$.concurrent[0].settle", "only applies to set-up calls");

    [Fact]
    public void Settle_and_snapshot_safety_round_trip()
    {
        var root = Example();
        root["setup"]![0]!["settle"] = false;
        root["topology"]!["backends"]![0]!["concurrentSnapshotsSafe"] = false;
        root["topology"]!["reproduceFixedBugs"] = new JsonArray("LP 1550295");
        var scenario = ScenarioLoader.Parse(root.ToJsonString(), File);
        Assert.False(scenario.Setup[0].Settle);
        Assert.False(scenario.Topology.Backends[0].ConcurrentSnapshotsSafe);
        Assert.Equal(["LP 1550295"], scenario.Topology.ReproduceFixedBugs);
        var again = ScenarioLoader.Parse(ScenarioLoader.ToJson(scenario), File);
        Assert.False(again.Setup[0].Settle);
        Assert.False(again.Topology.Backends[0].ConcurrentSnapshotsSafe);
        Assert.Equal(["LP 1550295"], again.Topology.ReproduceFixedBugs);
    }

    [Fact]
    public void Network_update_support_round_trips_and_reaches_the_driver()
    {
        var root = Example();
        root["topology"]!["backends"]![0]!["securityServiceUpdateSupport"] = false;
        root["topology"]!["backends"]![0]!["networkAllocationUpdateSupport"] = false;
        var again = ScenarioLoader.Parse(ScenarioLoader.ToJson(ScenarioLoader.Parse(root.ToJsonString(), File)), File);
        var backend = again.Topology.Backends[0];
        Assert.False(backend.SecurityServiceUpdateSupport);
        Assert.False(backend.NetworkAllocationUpdateSupport);
        var capabilities = ScenarioProgram.ToTopology(again, SimManila.Services.ConcurrencyPolicy.Guarded, SimManila.Model.DatabaseProvider.InMemory)
            .Backends[0].Capabilities;
        Assert.False(capabilities.SecurityServiceUpdateSupport);
        Assert.False(capabilities.NetworkAllocationUpdateSupport);
        Assert.True(ScenarioLoader.Parse(Example().ToJsonString(), File).Topology.Backends[0].SecurityServiceUpdateSupport);
    }

    [Fact]
    public void Network_update_support_must_be_a_boolean() =>
        Rejects(r => r["topology"]!["backends"]![0]!["securityServiceUpdateSupport"] = "yes",
            "$.topology.backends[0].securityServiceUpdateSupport", "expected true or false", "the string \"yes\"");
}
