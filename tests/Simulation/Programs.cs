// Classic concurrency bug programs of our own, each with a correct twin, written against the engine's public API.
namespace SimManila.Simulation.Tests;

public static class Programs
{
    /// <summary>Runs check once every listed operation has completed; its failure is an AssertionFailed bug.</summary>
    static void CheckAtEnd(Simulator sim, SimOperation[] ops, Action check) =>
        sim.Spawn("check", async () =>
        {
            foreach (var op in ops) await op.Completion;
            check();
        });

    // 1. Lost update: read-modify-write of a shared counter without a lock.
    public static void LostUpdate(Simulator sim) => Counter(sim, locked: false);
    public static void LostUpdateTwin(Simulator sim) => Counter(sim, locked: true);

    static void Counter(Simulator sim, bool locked)
    {
        int counter = 0;
        var m = sim.NewMutex("counter-lock");
        var ops = new SimOperation[2];
        for (int i = 0; i < ops.Length; i++)
            ops[i] = sim.Spawn($"inc{i}", async () =>
            {
                if (locked) await m.AcquireAsync();
                await sim.Read("counter");
                int seen = counter;
                await sim.Write("counter");
                counter = seen + 1;
                if (locked) m.Release();
            });
        CheckAtEnd(sim, ops, () => sim.Assert(counter == 2, $"lost update: counter is {counter}, expected 2"));
    }

    // 2. Atomicity violation across two critical sections: the check and the debit are each locked, but not together.
    public static void Atomicity(Simulator sim) => Withdrawals(sim, oneSection: false);
    public static void AtomicityTwin(Simulator sim) => Withdrawals(sim, oneSection: true);

    static void Withdrawals(Simulator sim, bool oneSection)
    {
        int balance = 100;
        var m = sim.NewMutex("account");
        sim.AfterEachStep(() => sim.Assert(balance >= 0, $"balance went negative: {balance}"));
        for (int i = 0; i < 2; i++)
            sim.Spawn($"withdraw{i}", async () =>
            {
                await m.AcquireAsync();
                await sim.Read("balance");
                bool enough = balance >= 60;
                if (!oneSection)
                {
                    m.Release();
                    await sim.Yield();
                    await m.AcquireAsync();
                }
                if (enough)
                {
                    await sim.Write("balance");
                    balance -= 60;
                }
                m.Release();
            });
    }

    // 3. Order violation: a user reads a configuration that an initializer may not have published yet.
    public static void OrderViolation(Simulator sim) => Publish(sim, waitForInit: false);
    public static void OrderViolationTwin(Simulator sim) => Publish(sim, waitForInit: true);

    static void Publish(Simulator sim, bool waitForInit)
    {
        string? config = null;
        var published = sim.NewSignal("config-published");
        sim.Spawn("init", async () =>
        {
            await sim.Read("disk");
            await sim.Write("config");
            config = "loaded";
            published.Set();
        });
        sim.Spawn("user", async () =>
        {
            if (waitForInit) await published.WaitAsync();
            await sim.Read("config");
            sim.Assert(config is not null, "configuration used before it was initialized");
        });
    }

    // 4. Lock-order inversion: two operations take two mutexes in opposite orders.
    public static void LockOrder(Simulator sim) => TwoLocks(sim, sameOrder: false);
    public static void LockOrderTwin(Simulator sim) => TwoLocks(sim, sameOrder: true);

    static void TwoLocks(Simulator sim, bool sameOrder)
    {
        var a = sim.NewMutex("lock-a");
        var b = sim.NewMutex("lock-b");
        sim.Spawn("ab", async () =>
        {
            await a.AcquireAsync();
            await b.AcquireAsync();
            b.Release();
            a.Release();
        });
        sim.Spawn("ba", async () =>
        {
            var first = sameOrder ? a : b;
            var second = sameOrder ? b : a;
            await first.AcquireAsync();
            await second.AcquireAsync();
            second.Release();
            first.Release();
        });
    }

    // 5. Check-then-act on a flag that is never reset: two operations both see "not started" and both start.
    public static void CheckThenAct(Simulator sim) => StartOnce(sim, atomic: false);
    public static void CheckThenActTwin(Simulator sim) => StartOnce(sim, atomic: true);

    static void StartOnce(Simulator sim, bool atomic)
    {
        bool started = false;
        int starts = 0;
        for (int i = 0; i < 2; i++)
            sim.Spawn($"starter{i}", async () =>
            {
                await sim.Read("started");
                if (started) return;
                if (!atomic) await sim.Write("started"); // the window between check and act
                started = true;
                starts++;
                sim.Assert(starts == 1, $"started {starts} times; the flag should have allowed one start");
            });
    }

    // 6. Missed wake-up: the consumer checks the condition, then arms (resets) the signal, losing a Set in between.
    public static void MissedWakeup(Simulator sim) => Handoff(sim, armFirst: false);
    public static void MissedWakeupTwin(Simulator sim) => Handoff(sim, armFirst: true);

    static void Handoff(Simulator sim, bool armFirst)
    {
        bool ready = false;
        var signal = sim.NewSignal("data-ready");
        sim.Spawn("consumer", async () =>
        {
            if (armFirst)
            {
                await sim.Write("data-ready");
                signal.Reset();
                await sim.Read("ready");
                if (!ready) await signal.WaitAsync();
            }
            else
            {
                await sim.Read("ready");
                if (!ready)
                {
                    await sim.Write("data-ready");
                    signal.Reset();
                    await signal.WaitAsync();
                }
            }
        });
        sim.Spawn("producer", async () =>
        {
            await sim.Write("ready");
            ready = true;
            signal.Set();
        });
    }

    // 7. Depth 3: A must be preempted inside its one-step window, B inside its window, and C must run in both.
    //    B and C read in their first step, so a random walk must keep both waiting through all of A's work.
    public const int DepthThreeWork = 6;
    public static void DepthThree(Simulator sim) => Nested(sim, atomicWindow: false);
    public static void DepthThreeTwin(Simulator sim) => Nested(sim, atomicWindow: true);

    static void Nested(Simulator sim, bool atomicWindow)
    {
        int s = 0, t = 0;
        sim.Spawn("A", async () =>
        {
            for (int i = 0; i < DepthThreeWork; i++) await sim.Write("a-work");
            await sim.Write("s");
            s = 1;
            if (!atomicWindow) await sim.Write("s");
            s = 0;
        });
        sim.Spawn("B", async () =>
        {
            if (s == 1) t = 1;
            await sim.Write("t");
            t = 0;
        });
        sim.Spawn("C", () =>
        {
            sim.Assert(!(t == 1 && s == 1), "C saw t == 1 while A was still inside its window (three ordered preemptions)");
            return Task.CompletedTask;
        });
    }

    // 8. A lost update between two workers, hidden among 12 noise operations that touch their own resources.
    public const int NoiseOperations = 12;
    public static void Noise(Simulator sim) => Noisy(sim, locked: false);
    public static void NoiseTwin(Simulator sim) => Noisy(sim, locked: true);

    static void Noisy(Simulator sim, bool locked)
    {
        for (int n = 0; n < NoiseOperations; n++)
        {
            string resource = $"noise-{n}";
            sim.Spawn($"noise{n}", async () =>
            {
                for (int i = 0; i < 4; i++)
                {
                    await sim.Read(resource);
                    await sim.Write(resource);
                }
            });
        }
        int total = 0;
        var m = sim.NewMutex("total-lock");
        var workers = new SimOperation[2];
        for (int i = 0; i < workers.Length; i++)
            workers[i] = sim.Spawn($"worker{i}", async () =>
            {
                await sim.Yield();
                if (locked) await m.AcquireAsync();
                await sim.Read("total");
                int seen = total;
                await sim.Write("total");
                total = seen + 10;
                if (locked) m.Release();
            });
        CheckAtEnd(sim, workers, () => sim.Assert(total == 20, $"lost update among noise: total is {total}, expected 20"));
    }
}
