// Share networks, subnets and share servers: provide and reuse, admin delete with its guards, subnet and network
// delete, Guarded's visible setup phases, and the unused-server cleanup periodic task.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Api;

namespace SimManila.Services.Tests;

public class ShareServerTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    internal static Topology Dhss(params string[] periodic) => new()
    {
        Backends = [new BackendSpec("host1", new DriverCapabilities { DriverHandlesShareServers = true })],
        EnabledPeriodicTasks = PeriodicTaskNames.Of(periodic),
        PeriodicHorizon = TimeSpan.FromHours(3),
    };

    static CreateShareRequest OnNetwork(string networkId) => new(1) { ShareNetworkId = networkId };

    [Theory, MemberData(nameof(Cases))]
    public void ShareGetsAServerWhichTheNextShareReusesAndAdminDeleteWaitsForNoDependents(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var net = (await w.Client.CreateShareNetwork()).Resource!.Id;
            var first = (await w.Client.CreateShare(OnNetwork(net))).Resource!.Id;
            await w.Settle();
            Assert.Equal("available", (await w.Client.GetShare(first)).Resource!.Status);
            var server = Assert.Single(w.D.Db.Store.All<ShareServer>());
            Assert.Equal(ShareServerStatus.Active, server.Status);
            Assert.Equal(server.Id, w.Instance(first).ShareServerId);
            Assert.Contains(w.Instance(first).Id, w.D.Backends["host1"].InstancesOn(server.Id));

            var second = (await w.Client.CreateShare(OnNetwork(net))).Resource!.Id;
            await w.Settle();
            Assert.Single(w.D.Db.Store.All<ShareServer>()); // reused, not a second server
            Assert.Equal(server.Id, w.Instance(second).ShareServerId);

            var refused = await w.Client.DeleteShareServer(server.Id);
            Assert.Equal(ApiStatus.Conflict, refused.Status);
            Assert.Contains("shares", refused.Message);
            Assert.Equal(ApiStatus.NotFound, (await w.Client.DeleteShareServer("server-404")).Status);

            await w.Client.DeleteShare(first);
            await w.Client.DeleteShare(second);
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShareServer(server.Id)).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetShareServer(server.Id)).Status);
            Assert.Empty(w.D.Backends["host1"].Servers);
            Assert.Empty(w.D.Transitions.Violations);
        }, Dhss(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void NetworkAndSubnetDeletesRefuseWhileSharesLiveOnTheirServers(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            Assert.Equal(ApiStatus.NotFound, (await w.Client.CreateShare(OnNetwork("net-404"))).Status);
            var network = (await w.Client.CreateShareNetwork()).Resource!;
            var subnet = network.SubnetIds.Single();
            Assert.Equal(ApiStatus.Conflict, (await w.Client.CreateSubnet(network.Id, null)).Status); // one per AZ
            Assert.Equal(ApiStatus.Accepted, (await w.Client.CreateSubnet(network.Id, "az-2")).Status);
            var share = (await w.Client.CreateShare(OnNetwork(network.Id))).Resource!.Id;
            await w.Settle();
            Assert.Equal(ApiStatus.Conflict, (await w.Client.DeleteSubnet(network.Id, subnet)).Status);
            Assert.Equal(ApiStatus.Conflict, (await w.Client.DeleteShareNetwork(network.Id)).Status);

            await w.Client.DeleteShare(share);
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteSubnet(network.Id, subnet)).Status);
            await w.Settle();
            Assert.Empty(w.D.Db.Store.All<ShareServer>()); // the subnet's servers went with it
            Assert.Empty(w.D.Backends["host1"].Servers);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DeleteShareNetwork(network.Id)).Status);
            Assert.Equal(ApiStatus.NotFound, (await w.Client.GetShareNetwork(network.Id)).Status);
            Assert.Empty(w.D.Db.Store.All<ShareNetworkSubnet>());
            Assert.Empty(w.D.Transitions.Violations);
        }, Dhss(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void ShareWithoutANetworkFindsNoServerBackendAndSetupFailuresErrorTheShare(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = (await w.Client.CreateShare(1)).Resource!.Id; // DHSS backend only: no valid host
            await w.Settle();
            Assert.Equal("error", (await w.Client.GetShare(share)).Resource!.Status);
            Assert.Empty(w.D.Db.Store.All<ShareServer>());
        }, Dhss(), schedules: 1);

    [Theory]
    [InlineData(ConcurrencyPolicy.Legacy, DatabaseProvider.InMemory)]
    [InlineData(ConcurrencyPolicy.Guarded, DatabaseProvider.Sqlite)]
    public void GuardedShowsTheSetupPhasesLegacyStaysCreating(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var net = (await w.Client.CreateShareNetwork()).Resource!.Id;
            await w.Client.CreateShare(OnNetwork(net));
            var seen = new HashSet<string>();
            for (int poll = 0; poll < 100 && !seen.Contains("active"); poll++)
            {
                foreach (var s in w.D.Db.Store.All<ShareServer>()) seen.Add(s.Status.Value);
                await w.Sim.Delay(TimeSpan.FromMilliseconds(100));
            }
            Assert.Contains("active", seen);
            Assert.Equal(policy == ConcurrencyPolicy.Guarded, seen.Contains("setting_up"));
            await w.Settle();
        }, Dhss(), schedules: 1);

    [Theory, MemberData(nameof(Cases))]
    public void UnusedServerCleanupDeletesIdleServersOnlyAfterTheInterval(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var net = (await w.Client.CreateShareNetwork()).Resource!.Id;
            var kept = (await w.Client.CreateShare(OnNetwork(net))).Resource!.Id;
            var secondNet = (await w.Client.CreateShareNetwork()).Resource!.Id;
            var dropped = (await w.Client.CreateShare(OnNetwork(secondNet))).Resource!.Id;
            await w.Settle();
            Assert.Equal(2, w.D.Db.Store.All<ShareServer>().Count);
            await w.Client.DeleteShare(dropped);
            await w.Settle(); // t = 10 min: the 600 s tick runs, but the freed server is younger than the interval
            Assert.Equal(2, w.D.Db.Store.All<ShareServer>().Count);
            await w.Sim.Delay(TimeSpan.FromMinutes(25));
            var left = Assert.Single(w.D.Db.Store.All<ShareServer>());
            Assert.Equal(w.Instance(kept).ShareServerId, left.Id);
            Assert.Single(w.D.Backends["host1"].Servers);
            Assert.Empty(w.D.Transitions.Violations);
        }, Dhss(PeriodicTaskNames.DeleteFreeShareServers), schedules: 1);
}
