// Access rules: validation, duplicates, the update_access loop to active, deny, IPv6 filtering, driver rejection.
using SimManila.Drivers;
using SimManila.Model;
using SimManila.Services.Api;

namespace SimManila.Services.Tests;

public class AccessOperationTests
{
    public static TheoryData<ConcurrencyPolicy, DatabaseProvider> Cases => ServiceHarness.PoliciesAndDatabases;

    static async Task<string> AvailableShare(World w)
    {
        var id = (await w.Client.CreateShare(1)).Resource!.Id;
        await w.Settle();
        return id;
    }

    static Dictionary<string, DriverAccessRule> Applied(World w, string shareId) =>
        w.D.Backends["host1"].Shares[w.Instance(shareId).Id].AppliedRules;

    [Theory, MemberData(nameof(Cases))]
    public void AllowedRulesBecomeActiveOnTheBackendAndDeniedOnesGo(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = await AvailableShare(w);
            var v4 = await w.Client.AllowAccess(share, "ip", "10.0.0.0/24");
            var v6 = await w.Client.AllowAccess(share, "ip", "2001:db8::1", "ro");
            Assert.Equal(ApiStatus.Accepted, v4.Status);
            Assert.Equal("queued_to_apply", v4.Resource!.State);
            await w.Settle();
            var rules = (await w.Client.ListAccess(share)).Resource!;
            Assert.All(rules, r => Assert.Equal("active", r.State));
            Assert.Equal([v4.Resource.Id, v6.Resource!.Id], Applied(w, share).Keys.Order());
            Assert.Equal("active", (await w.Client.GetShare(share)).Resource!.AccessRulesStatus);

            Assert.Equal(ApiStatus.Accepted, (await w.Client.DenyAccess(share, v4.Resource.Id)).Status);
            await w.Settle();
            Assert.Equal([v6.Resource.Id], Applied(w, share).Keys);
            Assert.Single((await w.Client.ListAccess(share)).Resource!);
            Assert.Null(w.D.Db.Store.Find<AccessRule>(v4.Resource.Id));
            Assert.Empty(w.D.Transitions.Violations);
        });

    [Theory, MemberData(nameof(Cases))]
    public void BadRulesDuplicatesAndUnreadySharesAreRefused(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var creating = (await w.Client.CreateShare(1)).Resource!.Id;
            Assert.Equal(ApiStatus.Conflict, (await w.Client.AllowAccess(creating, "ip", "10.0.0.1")).Status);
            await w.Settle();
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.AllowAccess(creating, "ip", "10.0.0.300")).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.AllowAccess(creating, "ip", "10.0.0.1", "rx")).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.AllowAccess(creating, "user", "ab")).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.AllowAccess(creating, "user", "bad/user")).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.AllowAccess(creating, "cephx", "a.b")).Status);
            Assert.Equal(ApiStatus.BadRequest, (await w.Client.AllowAccess(creating, "kerberos", "x")).Status);
            Assert.Equal(ApiStatus.NotFound, (await w.Client.AllowAccess("share-404", "ip", "10.0.0.1")).Status);
            Assert.Equal(ApiStatus.Accepted, (await w.Client.AllowAccess(creating, "ip", "10.0.0.1")).Status);
            var duplicate = await w.Client.AllowAccess(creating, "ip", "10.0.0.1/32");
            Assert.Equal(ApiStatus.BadRequest, duplicate.Status);
            Assert.Contains("already", duplicate.Message);
            Assert.Equal(ApiStatus.NotFound, (await w.Client.DenyAccess(creating, "access-404")).Status);
            await w.Settle();
        });

    [Theory, MemberData(nameof(Cases))]
    public void Ipv6RulesAreLeftOutOfTheDriverCallOnBackendsWithoutIpv6(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = await AvailableShare(w);
            var v6 = (await w.Client.AllowAccess(share, "ip", "2001:db8::/64")).Resource!.Id;
            var v4 = (await w.Client.AllowAccess(share, "ip", "192.168.1.7")).Resource!.Id;
            await w.Settle();
            Assert.All((await w.Client.ListAccess(share)).Resource!, r => Assert.Equal("active", r.State));
            Assert.Equal([v4], Applied(w, share).Keys);
            Assert.DoesNotContain(v6, Applied(w, share).Keys);
        }, new Topology { Backends = [new BackendSpec("host1", new DriverCapabilities { Ipv6Support = false })] });

    [Theory, MemberData(nameof(Cases))]
    public void ARuleTheDriverRejectsErrorsTheBatchAndTheInstance(ConcurrencyPolicy policy, DatabaseProvider db) =>
        ServiceHarness.Run(policy, db, async w =>
        {
            var share = await AvailableShare(w);
            await w.Client.AllowAccess(share, "cert", "client.example.org"); // the backend accepts ip and user only
            await w.Settle();
            Assert.Equal("error", Assert.Single((await w.Client.ListAccess(share)).Resource!).State);
            Assert.Equal("error", w.Instance(share).AccessRulesStatus.Value);
            Assert.Empty(Applied(w, share));
        });
}
