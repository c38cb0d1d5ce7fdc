// Guarded's rule that no coordinator lock is held across a driver call or an RPC cast, checked at the call itself:
// a breach is an assertion failure the engine reports with the schedule that made it, not a comment to trust.
using SimManila.Drivers.Fake;
using SimManila.Simulation;

namespace SimManila.Services.Coordination;

public static class NoLockAcrossCalls
{
    /// <summary>Under Guarded, arms the check on this driver and on the deployment's RPC bus (idempotent); returns
    /// whether it is armed.</summary>
    public static bool Arm(Deployment d, FakeShareDriver? driver)
    {
        if (!d.IsGuarded) return false;
        if (driver is not null) driver.BeforeEachCall = method => Check(d.Sim, d.Locks, $"driver call {driver.Host}.{method}");
        d.Rpc.BeforeEachSend ??= send => Check(d.Sim, d.Locks, send);
        return true;
    }

    /// <summary>Fails the iteration when the running operation holds a lock while making <paramref name="call"/>.</summary>
    public static void Check(Simulator sim, LockService locks, string call)
    {
        var held = locks.HeldByCurrentOperation();
        if (held is not null) sim.Assert(false, $"{call} made while holding {held}: Guarded holds no lock across a driver call or a cast");
    }
}
