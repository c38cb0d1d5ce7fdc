// Share network updates (`network_change`): security-service update and subnet-add-with-servers, their API guards,
// the per-server driver calls, a failing server leaving the network `error`, and servers on two hosts finishing in
// any order returning the network to `active` once.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Api;

namespace SimManila.Services.Tests;

public class NetworkUpdateTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    static Topology TwoDhssHosts(DriverCapabilities? second = null) => new()
    {
        Backends =
        [
            new BackendSpec("host1", new DriverCapabilities { DriverHandlesShareServers = true }),
            new BackendSpec("host2", second ?? new DriverCapabilities { DriverHandlesShareServers = true }),
        ],
    };

    static CreateShareRequest OnNetwork(string networkId, string? zone = null) => new(1) { ShareNetworkId = networkId, AvailabilityZone = zone };

    /// <summary>A network with one share on each host, hence one server per host, all settled.</summary>
    static async Task<(string Network, string ShareOnHost1, string ShareOnHost2)> NetworkOnTwoHosts(World w)
    {
        var net = (await w.Client.CreateShareNetwork()).Resource!.Id;
        var first = (await w.Client.CreateShare(OnNetwork(net))).Resource!.Id;
        await w.Settle();
        var second = (await w.Client.CreateShare(OnNetwork(net))).Resource!.Id;
        await w.Settle();
        Assert.Equal("host1", w.Instance(first).Host);
        Assert.Equal("host2", w.Instance(second).Host);
        Assert.Equal(2, w.D.Db.Store.All<ShareServer>().Count(s => s.Status == ShareServerStatus.Active));
        return (net, first, second);
    }

    ShareNetworkStatus NetworkStatus(World w, string networkId) => w.D.Db.Store.Find<ShareNetwork>(networkId)!.Status;

    /// <summary>
    /// Polls the database on virtual time until the network leaves network_change, asserting on every poll that it is
    /// never `active` while a server is still `network_change`; returns how often it was seen to become active.
    /// </summary>
    static async Task<int> WatchUntilSettled(World w, string networkId)
    {
        int becameActive = 0;
        var last = w.D.Db.Store.Find<ShareNetwork>(networkId)!.Status;
        for (int poll = 0; poll < 3000; poll++)
        {
            var status = w.D.Db.Store.Find<ShareNetwork>(networkId)!.Status;
            if (status == ShareNetworkStatus.Active)
                Assert.DoesNotContain(w.D.Db.Store.All<ShareServer>(), s => s.ShareNetworkId == networkId && s.Status == ShareServerStatus.NetworkChange);
            if (status == ShareNetworkStatus.Active && last != ShareNetworkStatus.Active) becameActive++;
            last = status;
            await w.Sim.Delay(TimeSpan.FromMilliseconds(10));
        }
        return becameActive;
    }

    [Theory, MemberData(nameof(Cases))]
    public void SecurityServiceUpdateOnANetworkInUseUpdatesEveryServerAndReturnsTheNetworkToActiveOnce(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var (net, _, _) = await NetworkOnTwoHosts(w);
            var accepted = await w.Client.UpdateShareNetworkSecurityService(net, "ss-ad-1");
            Assert.Equal(ApiStatus.Accepted, accepted.Status);
            Assert.Equal(ShareNetworkStatus.NetworkChange, NetworkStatus(w, net));
            Assert.All(w.D.Db.Store.All<ShareServer>(), s => Assert.Equal(ShareServerStatus.NetworkChange, s.Status));

            Assert.Equal(1, await WatchUntilSettled(w, net)); // the two hosts finish in the order the schedule picks
            Assert.Equal(ShareNetworkStatus.Active, NetworkStatus(w, net));
            Assert.Equal("ss-ad-1", (await w.Client.GetShareNetwork(net)).Resource!.SecurityServiceId);
            Assert.All(w.D.Db.Store.All<ShareServer>(), s => Assert.Equal(ShareServerStatus.Active, s.Status));
            foreach (var host in new[] { "host1", "host2" })
            {
                var server = Assert.Single(w.D.Backends[host].Servers.Values);
                Assert.Equal("ss-ad-1", server.SecurityServiceId);
                Assert.Equal(1, w.D.Backends[host].CountCalls("update_share_server_security_service", server.ServerId));
            }

            // The next update names the current service; a server set up afterwards joins the new one at setup.
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.UpdateShareNetworkSecurityService(net, "ss-ad-2")).Status);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.UpdateShareNetworkSecurityService(net, "ss-ad-2", "ss-ad-1")).Status);
            await w.Settle();
            Assert.Equal(ShareNetworkStatus.Active, NetworkStatus(w, net));
            Assert.All(w.D.Backends.Values.SelectMany(b => b.Servers.Values), s => Assert.Equal("ss-ad-2", s.SecurityServiceId));
            Assert.Empty(w.D.Transitions.Violations);
        }, TwoDhssHosts(), schedules: 3);

    [Theory, MemberData(nameof(Cases))]
    public void SubnetAddedToAZoneWithServersGivesThemAllocationsOnIt(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var (net, _, _) = await NetworkOnTwoHosts(w);
            var added = await w.Client.CreateSubnet(net, null); // the default zone already has both servers
            Assert.Equal(ApiStatus.Accepted, added.Status);
            Assert.Equal(ShareNetworkStatus.NetworkChange, NetworkStatus(w, net));
            Assert.Equal(1, await WatchUntilSettled(w, net));
            Assert.Equal(ShareNetworkStatus.Active, NetworkStatus(w, net));
            Assert.All(w.D.Backends.Values.SelectMany(b => b.Servers.Values), s => Assert.Contains(added.Resource!.Id, s.ExtraSubnetIds));
            Assert.Equal(2, (await w.Client.GetShareNetwork(net)).Resource!.SubnetIds.Count);

            // A zone without servers keeps the one-subnet rule; a new zone takes a subnet with no update.
            var idle = (await w.Client.CreateShareNetwork()).Resource!.Id;
            Assert.Equal(ApiStatus.Conflict, (await w.Client.CreateSubnet(idle, null)).Status);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.CreateSubnet(net, "az-2")).Status);
            Assert.Equal(ShareNetworkStatus.Active, NetworkStatus(w, net));
            Assert.Empty(w.D.Transitions.Violations);
        }, TwoDhssHosts(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void AnUnusedNetworkOnlyChangesItsAssociation(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var net = (await w.Client.CreateShareNetwork()).Resource!.Id;
            Assert.Equal(ApiStatus.NotFound, (await w.Client.UpdateShareNetworkSecurityService("net-404", "ss-1")).Status);
            Assert.Equal(ApiStatus.Ok, (await w.Client.UpdateShareNetworkSecurityService(net, "ss-1")).Status);
            Assert.Equal(ShareNetworkStatus.Active, NetworkStatus(w, net));
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.UpdateShareNetworkSecurityService(net, "ss-1", "ss-1")).Status);
            // A server set up later joins the associated service.
            await w.Client.CreateShare(OnNetwork(net));
            await w.Settle();
            Assert.Equal("ss-1", Assert.Single(w.D.Backends["host1"].Servers.Values).SecurityServiceId);
        }, ShareServerTests.Dhss(), schedules: 1);

    [Theory, MemberData(nameof(Cases))]
    public void WhileTheNetworkChangesSharesRulesAndUpdatesAreRefused(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var (net, share, _) = await NetworkOnTwoHosts(w);
            var rule = (await w.Client.AllowAccess(share, "ip", "10.0.0.1")).Resource!.Id;
            await w.Settle();
            Assert.Equal(ApiStatus.Accepted, (await w.Client.UpdateShareNetworkSecurityService(net, "ss-1")).Status);

            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateShare(OnNetwork(net))).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.AllowAccess(share, "ip", "10.0.0.2")).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.DenyAccess(share, rule)).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.UpdateShareNetworkSecurityService(net, "ss-2", "ss-1")).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateSubnet(net, null)).Status);
            if (policy == ConcurrencyPolicy.Guarded) // Legacy's delete has no status check
                Assert.Equal(ApiStatus.Conflict, (await w.Client.DeleteShareNetwork(net)).Status);

            await w.Settle();
            Assert.Equal(ShareNetworkStatus.Active, NetworkStatus(w, net));
            Assert.Equal(ApiStatus.Accepted, (await w.Client.DenyAccess(share, rule)).Status);
            await w.Settle();
            Assert.Empty(w.D.Transitions.Violations);
        }, TwoDhssHosts(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void TheUpdateGuardsRefuseBusyServersSharesRulesAndBackendsWithoutSupport(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var (net, share, other) = await NetworkOnTwoHosts(w);

            // A rule the backend rejects leaves the instance's access_rules_status `error`.
            await w.Client.AllowAccess(share, "cert", "client.example.org");
            await w.Settle();
            var refused = await w.Client.UpdateShareNetworkSecurityService(net, "ss-1");
            Assert.Equal(ApiStatus.BadRequest, refused.Status);
            Assert.Contains("access_rules_status", refused.Message);
            await w.Client.DeleteShare(share);
            await w.Settle();

            // A share in a transitional status.
            await w.Client.ExtendShare(other, 2);
            refused = await w.Client.UpdateShareNetworkSecurityService(net, "ss-1");
            Assert.Equal(ApiStatus.BadRequest, refused.Status);
            Assert.Contains("must be available", refused.Message);
            await w.Settle();

            // A server that is not active (an admin reset host1's idle server to error), until it is deleted.
            var idle = w.D.Db.Store.All<ShareServer>().Single(s => s.Host == "host1");
            w.D.Db.Store.Update<ShareServer>(idle.Id, s => s.Status = ShareServerStatus.Error);
            refused = await w.Client.UpdateShareNetworkSecurityService(net, "ss-1");
            Assert.Equal(ApiStatus.BadRequest, refused.Status);
            Assert.Contains("must be active", refused.Message);
            await w.Client.DeleteShareServer(idle.Id);
            await w.Settle();

            // Every check passes, the security service is updated.
            Assert.Equal(ApiStatus.Accepted, (await w.Client.UpdateShareNetworkSecurityService(net, "ss-1")).Status);
            await w.Settle();
            Assert.Equal(ShareNetworkStatus.Active, NetworkStatus(w, net));
            Assert.Empty(w.D.Transitions.Violations);
        }, TwoDhssHosts(), schedules: 2);

    [Theory, MemberData(nameof(Cases))]
    public void ABackendWithoutUpdateSupportRefusesBothUpdates(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var (net, _, _) = await NetworkOnTwoHosts(w);
            var refused = await w.Client.UpdateShareNetworkSecurityService(net, "ss-1");
            Assert.Equal(ApiStatus.BadRequest, refused.Status);
            Assert.Contains("host2", refused.Message);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateSubnet(net, null)).Status);
            Assert.Equal(ShareNetworkStatus.Active, NetworkStatus(w, net));
            Assert.All(w.D.Db.Store.All<ShareServer>(), s => Assert.Equal(ShareServerStatus.Active, s.Status));
        }, TwoDhssHosts(new DriverCapabilities
        {
            DriverHandlesShareServers = true, SecurityServiceUpdateSupport = false, NetworkAllocationUpdateSupport = false,
        }), schedules: 1);

    [Theory, MemberData(nameof(Cases))]
    public void AServerThatFailsItsUpdateLeavesItAndTheNetworkInError(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            // Two servers on one host (two zones), so one manager updates both in turn.
            var net = (await w.Client.CreateShareNetwork()).Resource!.Id;
            Assert.Equal(ApiStatus.Accepted, (await w.Client.CreateSubnet(net, "az-2")).Status);
            await w.Client.CreateShare(OnNetwork(net));
            await w.Client.CreateShare(OnNetwork(net, "az-2"));
            await w.Settle();
            var servers = w.D.Db.Store.All<ShareServer>().OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
            Assert.Equal(2, servers.Count);
            // The backend lost one vserver behind Manila's back: its update raises ShareResourceNotFound.
            w.D.Backends["host1"].Servers.Remove(servers[0].Id);

            Assert.Equal(ApiStatus.Accepted, (await w.Client.UpdateShareNetworkSecurityService(net, "ss-1")).Status);
            await w.Settle();
            Assert.Equal(ShareServerStatus.Error, w.D.Db.Store.Find<ShareServer>(servers[0].Id)!.Status);
            Assert.Equal(ShareServerStatus.Active, w.D.Db.Store.Find<ShareServer>(servers[1].Id)!.Status);
            Assert.Equal(ShareNetworkStatus.Error, NetworkStatus(w, net));
            Assert.Equal("ss-1", w.D.Backends["host1"].Servers[servers[1].Id].SecurityServiceId);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.CreateShare(OnNetwork(net))).Status);
            Assert.Empty(w.D.Transitions.Violations);
        }, ShareServerTests.Dhss(), schedules: 2);
}
