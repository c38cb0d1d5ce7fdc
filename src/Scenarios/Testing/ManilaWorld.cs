// What a race test's body sees in each schedule: a fresh Manila deployment, a client of one project, and the two
// things a race needs: Settle (let the set-up's background work finish) and Race (start a call as its own operation).
using SimManila.Scenarios.Invariants;
using SimManila.Services;
using SimManila.Services.Client;
using SimManila.Simulation;

namespace SimManila.Scenarios.Testing;

public sealed class ManilaWorld
{
    readonly InvariantContext invariants;

    internal ManilaWorld(Simulator sim, Deployment deployment, InvariantContext invariants)
    {
        Sim = sim;
        Deployment = deployment;
        Client = deployment.Client();
        this.invariants = invariants;
    }

    /// <summary>The iteration's simulator: virtual time (Now, Delay), choices, Assert for checks of your own.</summary>
    public Simulator Sim { get; }
    /// <summary>The whole service: API workers, scheduler, managers, drivers, database (Db.Store), locks.</summary>
    public Deployment Deployment { get; }
    /// <summary>A REST user of project "demo"; pin a request to a worker with its worker argument (1-based).</summary>
    public ManilaClient Client { get; }

    /// <summary>Lets every cast, driver call and periodic tick of the set-up finish (virtual time: costs nothing real).</summary>
    public async Task Settle() => await Sim.Delay(ScenarioProgram.SetupSettle);

    /// <summary>Starts <paramref name="call"/> now as an operation of its own, racing every other one. The first Race
    /// ends the set-up: faults may fire from here on. A call that throws is Manila answering 500, which the
    /// no-internal-error invariant reports.</summary>
    public void Race(string name, Func<ManilaClient, Task> call)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(call);
        Deployment.Faults.Armed = true;
        Sim.Spawn(name, async () =>
        {
            try
            {
                await call(Client);
            }
            catch (Exception ex) when (ex is not SimulationStopException)
            {
                invariants.InternalErrors.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
            }
        });
    }

    /// <summary>Tells the denied-rules-are-gone invariant that the API accepted a deny of this rule: it must be gone once
    /// the system is quiet.</summary>
    public void DenyAccepted(string shareId, string accessId) => invariants.AcceptedDenies.Add((shareId, accessId));
}
