// The fault sites where a service process can die: during a driver call (after the backend did its part, before the
// manager sees the answer), as a message reaches it, or, for an API worker, as it is about to cast. Each is named for
// the call; qualified with "@host" it strikes one process only (crash.driver.create_share@host1).
namespace SimManila.Services.Processes;

public static class CrashSites
{
    public const string Prefix = "crash.";

    /// <summary>An API worker dies about to send a cast: its database writes are done, the cast is never sent.</summary>
    public const string Api = "crash.api";

    /// <summary>The share manager dies during driver call <paramref name="method"/> (Manila's name, e.g. create_share).</summary>
    public static string Driver(string method) => "crash.driver." + method;

    /// <summary>The receiving process dies as cast <paramref name="method"/> reaches it.</summary>
    public static string Rpc(string method) => "crash.rpc." + method;
}
