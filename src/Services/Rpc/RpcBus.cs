// Casts and calls between simulated hosts. Each delivered message is an operation of its own, after a delivery delay
// on virtual time; fault sites lose, duplicate or delay a message.
using SimManila.Drivers;
using SimManila.Services.Processes;
using SimManila.Simulation;

namespace SimManila.Services.Rpc;

/// <summary>An exception that escaped a message handler. Backend errors are Manila's normal failure path (the manager
/// has already written an error status); anything else is a crash the code did not expect.</summary>
public sealed record HandlerFailure(string Handler, Exception Error)
{
    public bool IsBackendError => Error is ShareBackendException;
    public override string ToString() => $"{Handler}: {Error.GetType().Name}: {Error.Message}";
}

public sealed class RpcTimeoutException(string message) : Exception(message);

/// <summary>
/// The message bus. A message to a process that is down waits in its queue, as on RabbitMQ, where oslo.messaging's
/// queues outlive their consumer, and is delivered once the process is back. A message whose handler was running when
/// its process died is lost under Legacy: oslo.messaging acknowledges a cast as it dispatches it. Guarded acknowledges
/// only once the handler has finished (<paramref name="redeliverUnfinished"/>), so such a message goes to the restarted
/// process again; every Guarded handler first re-validates the rows it acts on, which makes the repeat safe. Without a
/// process table every process is always up.
/// </summary>
public sealed class RpcBus(Simulator sim, FaultSwitch faults, TimeSpan deliveryDelay, TimeSpan callTimeout,
    ServiceProcesses? processes = null, bool redeliverUnfinished = false)
{
    public const string LostSite = "rpc.lost";
    public const string DuplicatedSite = "rpc.duplicated";
    public const string DelayedSite = "rpc.delayed";
    /// <summary>How much later a message hit by the delay fault arrives.</summary>
    public static readonly TimeSpan DelayedBy = TimeSpan.FromSeconds(2);

    /// <summary>A message being handled, until its handler finishes (Guarded's acknowledgement).</summary>
    sealed record Unfinished(string ToHost, string Method, Func<Task> Handler);

    readonly List<Unfinished> unfinished = [];

    /// <summary>Exceptions that escaped a handler; Manila logs them and drops the message, the state shows the damage.</summary>
    public List<HandlerFailure> HandlerFailures { get; } = [];

    /// <summary>Runs before every cast or call is sent, with "host.method" (Guarded: no lock held across a cast).</summary>
    public Action<string>? BeforeEachSend { get; set; }

    /// <summary>Runs before every cast, in the sender's operation: the crash site of an API worker about to cast.</summary>
    public Func<ValueTask>? BeforeEachCast { get; set; }

    /// <summary>Fire and forget: the handler runs later, on the target host, as its own operation.</summary>
    public async Task CastAsync(string toHost, string method, Func<Task> handler)
    {
        if (BeforeEachCast is { } beforeCast) await beforeCast();
        BeforeEachSend?.Invoke($"rpc cast {toHost}.{method}");
        await sim.Point(PointKind.Send, "rpc:" + toHost, method);
        if (faults.Fires(LostSite, toHost))
        {
            if (sim.IsLogging) sim.Log($"rpc cast {toHost}.{method} lost");
            return;
        }
        int copies = faults.Fires(DuplicatedSite, toHost) ? 2 : 1;
        for (int i = 0; i < copies; i++) sim.Spawn($"{toHost}.{method}", () => Deliver(toHost, method, handler));
    }

    /// <summary>Request/response: waits for the handler's result, or raises RpcTimeoutException.</summary>
    public async Task<T> CallAsync<T>(string toHost, string method, Func<Task<T>> handler)
    {
        BeforeEachSend?.Invoke($"rpc call {toHost}.{method}");
        await sim.Point(PointKind.Send, "rpc:" + toHost, method);
        var reply = sim.NewCompletion<T>($"reply {toHost}.{method}");
        if (!faults.Fires(LostSite, toHost))
        {
            sim.Spawn($"{toHost}.{method}", async () =>
            {
                await Deliver(toHost, method, async () =>
                {
                    try { reply.SetResult(await handler()); }
                    catch (Exception ex) when (ex is not SimulationStopException) { reply.SetException(ex); }
                });
            });
        }
        var (ok, value) = await reply.WaitAsync(callTimeout);
        if (!ok) throw new RpcTimeoutException($"rpc call {toHost}.{method} timed out after {callTimeout}");
        return value;
    }

    async Task Deliver(string toHost, string method, Func<Task> handler)
    {
        // A delayed message waits on the clock; an undelayed one may run as soon as the scheduler picks it, so
        // its handler can interleave with the sender's remaining steps at the same virtual instant.
        var delay = (faults.Fires(DelayedSite, toHost) ? deliveryDelay + DelayedBy : deliveryDelay) + faults.Delay(DelayedSite, toHost);
        if (delay > TimeSpan.Zero) await sim.Delay(delay);
        // Bounded: each round waits for the consumer's restart, which its crash scheduled.
        do
        {
            if (processes is not null) await processes.WaitUntilUp(toHost);
            await sim.Point(PointKind.Receive, "rpc:" + toHost, method);
        } while (processes is not null && !processes.IsUp(toHost));
        // Received: from here the message is the process's work, and ends with it.
        sim.Current!.Owner = toHost;
        var message = new Unfinished(toHost, method, handler);
        if (redeliverUnfinished) unfinished.Add(message);
        if (processes is not null) await processes.MaybeCrash(CrashSites.Rpc(method), toHost);
        try
        {
            await handler();
        }
        catch (Exception ex) when (ex is not SimulationStopException)
        {
            HandlerFailures.Add(new HandlerFailure($"{toHost}.{method}", ex));
            if (sim.IsLogging) sim.Log($"rpc handler {toHost}.{method} failed: {ex.Message}");
        }
        if (redeliverUnfinished) unfinished.Remove(message);
    }

    /// <summary>A process died: Guarded puts the messages its handlers had not finished back in its queue.</summary>
    public void ProcessDied(string process)
    {
        if (!redeliverUnfinished) return;
        foreach (var message in unfinished.Where(m => m.ToHost == process).ToList())
        {
            unfinished.Remove(message);
            if (sim.IsLogging) sim.Log($"rpc {process}.{message.Method} back in the queue: its handler died with the process");
            sim.Spawn($"{process}.{message.Method} (again)", () => Deliver(process, message.Method, message.Handler));
        }
    }
}
