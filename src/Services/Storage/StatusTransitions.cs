// The policy seam for status writes. Every write goes through a lifecycle machine. Legacy writes unconditionally, as
// Manila does, and records any change the machine does not declare; Guarded takes an atomic test-and-set whose
// expected set is the trigger's source states, and reports whether it won.
using System.Collections.Concurrent;
using SimManila.Model;
using SimManila.Simulation;
using SimManila.StateMachines;

namespace SimManila.Services.Storage;

/// <summary>A status write that applied: which machine and row, from and to what, by which trigger and operation.</summary>
public sealed record AppliedWrite(StateMachine Machine, string Id, string From, string To, string Trigger, string? Operation);

/// <summary>A status change that no declared transition allows: the lifecycle-legality invariant's evidence.</summary>
public sealed record LifecycleViolation(string Resource, string Id, string From, string To, string Trigger, TimeSpan At)
{
    public override string ToString() => $"{Resource} {Id}: {From} -> {To} by '{Trigger}' at {At} is not a declared transition";
}

public sealed class StatusTransitions(Simulator sim, Db db, ConcurrencyPolicy policy, TransitionCoverage? coverage = null)
{
    // Shared by every deployment in the process: machines are built once per variant, the sets never change.
    static readonly ConcurrentDictionary<(StateMachine, string, string), object> expectedSets = new();

    public List<LifecycleViolation> Violations { get; } = [];

    /// <summary>Every write that applied, as (machine, from, trigger, to).</summary>
    public TransitionCoverage Coverage { get; } = coverage ?? new TransitionCoverage();

    /// <summary>Sees every write that applied, as it applies (invariants that judge who acts on what); null costs nothing.</summary>
    public Action<AppliedWrite>? OnApplied { get; set; }

    void Applied(StateMachine machine, string id, string from, string to, string trigger) =>
        OnApplied?.Invoke(new AppliedWrite(machine, id, from, to, trigger, sim.Current?.Name));

    /// <summary>The step log's line for a status change (the pictures read it: "resource id: trigger -> status").</summary>
    static string Changed<TStatus>(Lifecycle<TStatus> lifecycle, string id, string trigger, TStatus target) where TStatus : ManilaStatus<TStatus> =>
        $"{lifecycle.Machine.Resource} {id}: {trigger} -> {target}";

    /// <summary>The step log's line for a test-and-set that lost: the row was no longer where the caller saw it.</summary>
    static string Refused<TStatus>(Lifecycle<TStatus> lifecycle, string id, string trigger, TStatus seen) where TStatus : ManilaStatus<TStatus> =>
        $"{lifecycle.Machine.Resource} {id}: {trigger} refused, no longer {seen}";

    /// <summary>
    /// Fires <paramref name="trigger"/> on the row the caller saw. The caller's view must allow it (else it is our
    /// bug, raised as IllegalTransitionException). Returns false only under Guarded, when the row moved meanwhile.
    /// </summary>
    /// <remarks>On success the caller's copy shows the status it wrote, so it can fire the next trigger on it.
    /// <paramref name="alsoInTransaction"/> writes other rows in the same atomic step, only when the status applied
    /// (Manila's share_update writes a share's size with its instance's status in one transaction).</remarks>
    /// <param name="onlyFrom">Guarded: the test-and-set expects one of these as well as a source of the trigger (an
    /// admin reset from a status at rest, say); Legacy ignores it.</param>
    public async Task<bool> Take<T, TStatus>(Lifecycle<TStatus> lifecycle, T seen, string trigger, Action<T>? alsoChange = null,
        Action<ManilaStore>? alsoInTransaction = null, Func<TStatus, bool>? onlyFrom = null)
        where T : class, IHasStatus<TStatus> where TStatus : ManilaStatus<TStatus>
    {
        bool applied = await Take(lifecycle, seen.Id, seen.Status, trigger, static row => row.Status,
            static (row, s) => row.Status = s, alsoChange, alsoInTransaction, onlyFrom);
        if (applied) seen.Status = lifecycle.Fire(seen.Id, seen.Status, trigger);
        return applied;
    }

    /// <summary>As above, for a second status column of a row (e.g. a share instance's access_rules_status).</summary>
    public async Task<bool> Take<T, TStatus>(Lifecycle<TStatus> lifecycle, string id, TStatus seen, string trigger,
        Func<T, TStatus> get, Action<T, TStatus> set, Action<T>? alsoChange = null, Action<ManilaStore>? alsoInTransaction = null,
        Func<TStatus, bool>? onlyFrom = null)
        where T : class, IEntity where TStatus : ManilaStatus<TStatus>
    {
        var target = lifecycle.Fire(id, seen, trigger);
        await sim.Write(Db.Key<T>(id));
        db.Touch();
        if (policy == ConcurrencyPolicy.Legacy)
        {
            if (sim.IsLogging) sim.Log(Changed(lifecycle, id, trigger, target));
            db.Store.Update<T>(id, row =>
            {
                var from = get(row);
                Check(lifecycle, id, from, target, trigger);
                set(row, target);
                alsoChange?.Invoke(row);
                Coverage.Transition(lifecycle.Machine, from.Value, trigger, target.Value);
                Applied(lifecycle.Machine, id, from.Value, target.Value, trigger);
            });
            alsoInTransaction?.Invoke(db.Store);
            return true;
        }
        var expected = Expected(lifecycle, trigger, target);
        if (onlyFrom is not null) expected = expected.Where(onlyFrom).ToArray();
        // Logged once decided, so a step log (and the pictures drawn from it) never shows a refused claim as a change.
        bool applied = db.Store.TryUpdateStatus(id, expected, target, alsoChange);
        if (sim.IsLogging) sim.Log(applied ? Changed(lifecycle, id, trigger, target) : Refused(lifecycle, id, trigger, seen));
        if (!applied) return false;
        Coverage.Transition(lifecycle.Machine, seen.Value, trigger, target.Value);
        Applied(lifecycle.Machine, id, seen.Value, target.Value, trigger);
        alsoInTransaction?.Invoke(db.Store);
        return true;
    }

    /// <summary>
    /// Two rows' triggers in one transaction: both apply or (Guarded, when either row moved) neither does. Legacy
    /// writes both unconditionally, as two of Manila's statements in a row would.
    /// </summary>
    public async Task<bool> TakeBoth<T1, S1, T2, S2>(Lifecycle<S1> first, T1 firstSeen, string firstTrigger,
        Lifecycle<S2> second, T2 secondSeen, string secondTrigger, Action<T1>? alsoChangeFirst = null,
        Action<ManilaStore>? alsoInTransaction = null)
        where T1 : class, IHasStatus<S1> where S1 : ManilaStatus<S1>
        where T2 : class, IHasStatus<S2> where S2 : ManilaStatus<S2>
    {
        var target1 = first.Fire(firstSeen.Id, firstSeen.Status, firstTrigger);
        var target2 = second.Fire(secondSeen.Id, secondSeen.Status, secondTrigger);
        await sim.Write(Db.Key<T1>(firstSeen.Id));
        db.Touch();
        var row1 = db.Store.Find<T1>(firstSeen.Id);
        var row2 = db.Store.Find<T2>(secondSeen.Id);
        if (row1 is null || row2 is null
            || policy == ConcurrencyPolicy.Guarded
            && (!Expected(first, firstTrigger, target1).Contains(row1.Status) || !Expected(second, secondTrigger, target2).Contains(row2.Status)))
        {
            if (sim.IsLogging) sim.Log($"{Refused(first, firstSeen.Id, firstTrigger, firstSeen.Status)}; {Refused(second, secondSeen.Id, secondTrigger, secondSeen.Status)}");
            return false;
        }
        if (sim.IsLogging) sim.Log($"{Changed(first, firstSeen.Id, firstTrigger, target1)}; {Changed(second, secondSeen.Id, secondTrigger, target2)}");
        var (from1, from2) = (row1.Status, row2.Status);
        Check(first, firstSeen.Id, from1, target1, firstTrigger);
        Check(second, secondSeen.Id, from2, target2, secondTrigger);
        db.Store.Update<T1>(firstSeen.Id, r =>
        {
            r.Status = target1;
            alsoChangeFirst?.Invoke(r);
        });
        db.Store.Update<T2>(secondSeen.Id, r => r.Status = target2);
        alsoInTransaction?.Invoke(db.Store);
        Coverage.Transition(first.Machine, from1.Value, firstTrigger, target1.Value);
        Coverage.Transition(second.Machine, from2.Value, secondTrigger, target2.Value);
        Applied(first.Machine, firstSeen.Id, from1.Value, target1.Value, firstTrigger);
        Applied(second.Machine, secondSeen.Id, from2.Value, target2.Value, secondTrigger);
        firstSeen.Status = target1;
        secondSeen.Status = target2;
        return true;
    }

    /// <summary>
    /// Fires a trigger whose target is the final `deleted` state and soft-deletes the row in the same atomic step;
    /// <paramref name="alsoInTransaction"/> runs only for the single caller that deleted it (Manila's quota fix).
    /// </summary>
    public async Task<bool> TakeDelete<T, TStatus>(Lifecycle<TStatus> lifecycle, T seen, string trigger,
        Action<ManilaStore>? alsoInTransaction = null)
        where T : class, IHasStatus<TStatus> where TStatus : ManilaStatus<TStatus>
    {
        var target = lifecycle.Fire(seen.Id, seen.Status, trigger);
        await sim.Write(Db.Key<T>(seen.Id));
        db.Touch();
        bool won;
        if (policy == ConcurrencyPolicy.Legacy)
        {
            won = db.Store.TrySoftDelete<T>(seen.Id, sim.UtcNow, row =>
            {
                if (sim.IsLogging) sim.Log($"{Changed(lifecycle, seen.Id, trigger, target)} (row deleted)");
                Check(lifecycle, seen.Id, row.Status, target, trigger);
                Coverage.Transition(lifecycle.Machine, row.Status.Value, trigger, target.Value);
                Applied(lifecycle.Machine, seen.Id, row.Status.Value, target.Value, trigger);
                row.Status = target;
            });
        }
        else
        {
            won = db.Store.TryUpdateStatus<T, TStatus>(seen.Id, Expected(lifecycle, trigger, target), target, row =>
            {
                row.Deleted = true;
                row.DeletedAt = sim.UtcNow;
            });
            if (won)
            {
                if (sim.IsLogging) sim.Log($"{Changed(lifecycle, seen.Id, trigger, target)} (row deleted)");
                Coverage.Transition(lifecycle.Machine, seen.Status.Value, trigger, target.Value);
                Applied(lifecycle.Machine, seen.Id, seen.Status.Value, target.Value, trigger);
            }
        }
        if (!won && sim.IsLogging) sim.Log(Refused(lifecycle, seen.Id, trigger, seen.Status));
        if (won) alsoInTransaction?.Invoke(db.Store);
        return won;
    }

    /// <summary>
    /// Legacy only: writes <paramref name="target"/> whatever the row's status, as Manila code that no longer exists
    /// did (a pre-fix path whose write today's lifecycle does not declare); the legality check records it.
    /// </summary>
    public async Task WriteUndeclared<T, TStatus>(Lifecycle<TStatus> lifecycle, string id, TStatus target, string trigger,
        Func<T, TStatus> get, Action<T, TStatus> set)
        where T : class, IEntity where TStatus : ManilaStatus<TStatus>
    {
        if (policy != ConcurrencyPolicy.Legacy) throw new InvalidOperationException("only Legacy writes an undeclared status");
        await sim.Write(Db.Key<T>(id));
        db.Touch();
        if (sim.IsLogging) sim.Log(Changed(lifecycle, id, trigger, target));
        db.Store.Update<T>(id, row =>
        {
            var from = get(row);
            Check(lifecycle, id, from, target, trigger);
            set(row, target);
            Applied(lifecycle.Machine, id, from.Value, target.Value, trigger);
        });
    }

    void Check<TStatus>(Lifecycle<TStatus> lifecycle, string id, TStatus actual, TStatus target, string trigger)
        where TStatus : ManilaStatus<TStatus>
    {
        if (actual.Equals(target) || lifecycle.IsDeclared(actual, target)) return;
        Violations.Add(new LifecycleViolation(lifecycle.Machine.Resource, id, actual.Value, target.Value, trigger, sim.Now));
        if (sim.IsLogging) sim.Log($"UNDECLARED {lifecycle.Machine.Resource} {id}: {actual} -> {target} by {trigger}");
    }

    /// <summary>The states from which <paramref name="trigger"/> leads to <paramref name="target"/>, cached.</summary>
    IReadOnlyCollection<TStatus> Expected<TStatus>(Lifecycle<TStatus> lifecycle, string trigger, TStatus target)
        where TStatus : ManilaStatus<TStatus>
    {
        var key = (lifecycle.Machine, trigger, target.Value);
        return (IReadOnlyCollection<TStatus>)expectedSets.GetOrAdd(key, _ => lifecycle.SourcesOf(trigger)
            .Where(s => lifecycle.Machine.TargetOf(s.Value, trigger) == target.Value)
            .ToArray());
    }
}
