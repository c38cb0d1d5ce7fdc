// Programs of our own for the gaps issue 16 names, each with a correct twin.
namespace SimManila.Simulation.Tests;

public static class GapPrograms
{
    // 1. Delete versus snapshot create (a model of the Manila race): the delete checks the share's status and that it
    //    has no snapshots only after 12 preparation points, then writes; a snapshot create reads the status, pauses,
    //    and inserts. The bug needs the create to read before the delete writes and insert after the delete checked.
    public const int DeletePreparationPoints = 12;
    public static void DeleteVersusSnapshot(Simulator sim) => DeleteAndSnapshot(sim, guarded: false);
    public static void DeleteVersusSnapshotTwin(Simulator sim) => DeleteAndSnapshot(sim, guarded: true);

    static void DeleteAndSnapshot(Simulator sim, bool guarded)
    {
        var status = sim.NewVariable("share-status", "available");
        var snapshots = sim.NewVariable("snapshots", 0);
        var share = sim.NewMutex("share-lock");
        sim.Spawn("delete", async () =>
        {
            for (int i = 0; i < DeletePreparationPoints; i++) await sim.Point();
            if (guarded) await share.AcquireAsync();
            bool available = await status.ReadAsync() == "available";
            bool none = await snapshots.ReadAsync() == 0;
            await sim.Point();
            if (available && none) await status.WriteAsync("deleted");
            if (guarded) await share.ReleaseAsync();
        });
        sim.Spawn("snapshot-create", async () =>
        {
            if (guarded) await share.AcquireAsync();
            bool available = await status.ReadAsync() == "available";
            await sim.Point();
            if (available) await snapshots.UpdateAtomicallyAsync(n => n + 1);
            if (guarded) await share.ReleaseAsync();
        });
        sim.WhenQuiet(() => sim.Assert(!(status.Value == "deleted" && snapshots.Value > 0),
            $"share deleted with {snapshots.Value} snapshot(s) left"));
    }

    // 3. A cast handled before the one the next request sent earlier (a model of allow-during-share-delete): "allow"
    //    checks the share and adds a rule in three steps, then casts "apply"; "delete" marks the share deleting in two
    //    and casts "remove-rules". When "apply" takes the rules lock first, the driver applies the rule on a share being
    //    deleted. Both requests are spawned by "main", as a harness starts its calls (src/Simulation/README.md).
    public static void ApplyDuringDelete(Simulator sim) => ApplyAndDelete(sim, guarded: false);
    public static void ApplyDuringDeleteTwin(Simulator sim) => ApplyAndDelete(sim, guarded: true);

    static void ApplyAndDelete(Simulator sim, bool guarded)
    {
        var share = sim.NewVariable("share", "available");
        var rules = sim.NewVariable("rules", 0);
        var rulesLock = sim.NewMutex("rules-lock");
        bool appliedWhileDeleting = false;
        sim.Spawn("main", () =>
        {
            sim.Spawn("allow", async () =>
            {
                if (await share.ReadAsync() != "available") return;
                await sim.Point(); // validation
                await rules.UpdateAtomicallyAsync(n => n + 1);
                sim.Spawn("apply", async () =>
                {
                    await rulesLock.AcquireAsync();
                    bool pending = await rules.ReadAsync() > 0;
                    if (guarded) pending &= await share.ReadAsync() == "available"; // the fix: the status, under the lock
                    if (pending) appliedWhileDeleting |= await share.ReadAsync() != "available"; // the driver call
                    await rulesLock.ReleaseAsync();
                });
            });
            sim.Spawn("delete", async () =>
            {
                if (await share.ReadAsync() != "available") return;
                if (guarded) await rulesLock.AcquireAsync();
                await share.WriteAsync("deleting");
                if (guarded) await rulesLock.ReleaseAsync();
                sim.Spawn("remove-rules", async () =>
                {
                    await rulesLock.AcquireAsync();
                    await rules.WriteAsync(0);
                    await rulesLock.ReleaseAsync();
                });
            });
            return Task.CompletedTask;
        });
        sim.WhenQuiet(() => sim.Assert(!appliedWhileDeleting, "the driver applied a rule on a share being deleted"));
    }

    // 4. A delete that lands between another request's choice and its record (a model of server-deleted-under-new-share):
    //    "create" casts "place", which casts "setup-share": it finds the server active, waits a second for the driver and
    //    only then records that its share uses the server. "delete-server" casts "teardown", which deletes the server
    //    when no share uses it. The fix records the share with the choice, under the lock the teardown takes.
    public const int PlacementPoints = 3;
    public static void TeardownDuringPlacement(Simulator sim) => PlaceAndTeardown(sim, guarded: false);
    public static void TeardownDuringPlacementTwin(Simulator sim) => PlaceAndTeardown(sim, guarded: true);

    static void PlaceAndTeardown(Simulator sim, bool guarded)
    {
        var server = sim.NewVariable("server", "active");
        var users = sim.NewVariable("server-users", 0);
        var serverLock = sim.NewMutex("server-lock");
        sim.Spawn("main", () =>
        {
            sim.Spawn("create", async () =>
            {
                await sim.Point(); // validation
                sim.Spawn("place", async () =>
                {
                    for (int i = 0; i < PlacementPoints; i++) await sim.Point(); // the scheduler's filters and weighers
                    sim.Spawn("setup-share", async () =>
                    {
                        if (guarded) await serverLock.AcquireAsync();
                        bool active = await server.ReadAsync() == "active";
                        if (active && guarded) await users.UpdateAtomicallyAsync(n => n + 1);
                        if (guarded) await serverLock.ReleaseAsync();
                        if (!active) return; // a new server instead
                        await sim.Delay(TimeSpan.FromSeconds(1)); // the driver creates the share
                        if (!guarded) await users.UpdateAtomicallyAsync(n => n + 1);
                    });
                });
            });
            sim.Spawn("delete-server", async () =>
            {
                await sim.Point(); // validation
                sim.Spawn("teardown", async () =>
                {
                    if (guarded) await serverLock.AcquireAsync();
                    if (await users.ReadAsync() == 0) await server.WriteAsync("deleted");
                    if (guarded) await serverLock.ReleaseAsync();
                });
            });
            return Task.CompletedTask;
        });
        sim.WhenQuiet(() => sim.Assert(!(server.Value == "deleted" && users.Value > 0), $"the server was deleted under {users.Value} share(s)"));
    }

    // 5 and 6. A rule queued while a sync runs (models of allow-during-slow-apply and rules-added-at-once-one-failing):
    //    each "allow" waits for its start slot (drawn as the harness draws start offsets), queues its rule and casts
    //    "sync". One sync runs at a time: a sync that finds one running leaves its rule to that one. The running sync
    //    takes the queued rules into the driver as a batch and, before the fix, does not look for rules queued meanwhile,
    //    so such a rule stays queued. With a slow driver, a request that starts a slot or a few after the other lands in
    //    the call; with one that answers at once (a batch it rejects), only a request that starts at the same instant can.
    public const int StartSlots = 11;
    public static readonly TimeSpan StartSlot = TimeSpan.FromMilliseconds(200);
    public static void RuleQueuedDuringSlowSync(Simulator sim) => RuleQueuedDuringSync(sim, TimeSpan.FromSeconds(1), guarded: false);
    public static void RuleQueuedDuringSlowSyncTwin(Simulator sim) => RuleQueuedDuringSync(sim, TimeSpan.FromSeconds(1), guarded: true);
    public static void RuleQueuedDuringInstantSync(Simulator sim) => RuleQueuedDuringSync(sim, TimeSpan.Zero, guarded: false);
    public static void RuleQueuedDuringInstantSyncTwin(Simulator sim) => RuleQueuedDuringSync(sim, TimeSpan.Zero, guarded: true);

    static void RuleQueuedDuringSync(Simulator sim, TimeSpan driverTime, bool guarded)
    {
        var queued = sim.NewVariable("queued-rules", 0);
        var syncing = sim.NewVariable("syncing", false);
        var rulesLock = sim.NewMutex("rules-lock");
        sim.Spawn("main", () =>
        {
            for (int r = 1; r <= 2; r++)
                sim.Spawn("allow-" + r, async () =>
                {
                    int slot = sim.NextInt(0, StartSlots, "start offset");
                    if (slot > 0) await sim.Delay(StartSlot * slot);
                    await queued.UpdateAtomicallyAsync(n => n + 1);
                    sim.Spawn("sync", async () =>
                    {
                        bool running = false;
                        if (guarded) await rulesLock.AcquireAsync();
                        await syncing.UpdateAtomicallyAsync(was => (running = was) || true);
                        if (guarded) await rulesLock.ReleaseAsync();
                        if (running) return;
                        while (true)
                        {
                            int batch = await queued.ReadAsync();
                            if (driverTime > TimeSpan.Zero) await sim.Delay(driverTime); // the driver call
                            else await sim.Point(); // the driver rejects the batch at once
                            await queued.UpdateAtomicallyAsync(n => n - batch);
                            if (!guarded) break;
                            // The fix: look again, and stop syncing only where a new sync would see it stopped.
                            await rulesLock.AcquireAsync();
                            bool more = await queued.ReadAsync() > 0;
                            if (!more) await syncing.WriteAsync(false);
                            await rulesLock.ReleaseAsync();
                            if (!more) return;
                        }
                        await syncing.WriteAsync(false);
                    });
                });
            return Task.CompletedTask;
        });
        sim.WhenQuiet(() => sim.Assert(queued.Value == 0, $"{queued.Value} rule(s) stay queued"));
    }
}

public static class DfsGapPrograms
{
    // 2. A window of one preemption hidden by a long tail: A sets x to 1 and back to 0 in two steps, B must look in
    //    between. Three noise operations give DFS, which varies the deepest decisions first, far more schedules below
    //    A's window than any budget; bounding the preemptions explores the few-switch schedules first.
    public const int NoiseOperations = 3, NoiseSteps = 6;
    public static void PreemptionWindow(Simulator sim) => Window(sim, atomic: false);
    public static void PreemptionWindowTwin(Simulator sim) => Window(sim, atomic: true);

    static void Window(Simulator sim, bool atomic)
    {
        sim.StartsAreLocal = true;
        int x = 0;
        sim.Spawn("A", async () =>
        {
            await sim.Write("x");
            x = 1;
            if (!atomic) await sim.Write("x");
            x = 0;
        });
        for (int n = 0; n < NoiseOperations; n++)
        {
            string key = $"noise-{n}";
            sim.Spawn($"noise{n}", async () => { for (int i = 0; i < NoiseSteps; i++) await sim.Write(key); });
        }
        sim.Spawn("B", async () =>
        {
            await sim.Read("x");
            sim.Assert(x == 0, "B saw x = 1 inside A's window");
        });
    }

    // 3. Independent workers around one shared total: four workers write their own rows five times each, two adders
    //    update the total (a lost update unless locked). The interleavings of the rows' writes are astronomically many
    //    and all equivalent; reduction explores one of each.
    public const int Workers = 4, RowWrites = 5;
    public static void IndependentRows(Simulator sim) => Rows(sim, locked: false);
    public static void IndependentRowsTwin(Simulator sim) => Rows(sim, locked: true);

    static void Rows(Simulator sim, bool locked)
    {
        sim.StartsAreLocal = true;
        for (int w = 0; w < Workers; w++)
        {
            var row = sim.NewVariable($"row-{w}", 0);
            sim.Spawn($"worker{w}", async () => { for (int i = 0; i < RowWrites; i++) await row.WriteAsync(i); });
        }
        var total = sim.NewVariable("total", 0);
        var m = sim.NewMutex("total-lock");
        for (int a = 0; a < 2; a++)
            sim.Spawn($"adder{a}", async () =>
            {
                if (locked) await m.AcquireAsync();
                await total.UpdateAsync(t => t + 10);
                if (locked) await m.ReleaseAsync();
            });
        sim.WhenQuiet(() => sim.Assert(total.Value == 20, $"lost update: total {total.Value}"));
    }
}
