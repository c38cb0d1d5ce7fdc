// Admin share-server requests (ctl/share_servers: delete; api.py: delete_share_server). Delete is allowed from
// {error, active} with no dependent instances or groups (251673371); the API writes no status, the manager re-checks
// under its lock before `deleting` (83e94d735).
using SimManila.Model;
using SimManila.Services.History;
using SimManila.StateMachines;

namespace SimManila.Services.Api;

public sealed partial class ApiWorker
{
    static ShareServerView ServerView(ShareServer s) =>
        new(s.Id, s.Host, s.Status.Value, s.ShareNetworkSubnetId, s.IsAutoDeletable);

    public async Task<ApiResponse<ShareServerView>> GetShareServer(string serverId)
    {
        await Enter($"GET /share-servers/{serverId}");
        var server = await d.Db.Get<ShareServer>(serverId);
        return server is null ? Answer.NotFound<ShareServerView>($"share server {serverId} not found") : Answer.Ok(ServerView(server));
    }

    public async Task<ApiResponse<IReadOnlyList<ShareServerView>>> ListShareServers()
    {
        await Enter("GET /share-servers");
        var servers = await d.Db.Where<ShareServer>("all", _ => true);
        return Answer.Ok<IReadOnlyList<ShareServerView>>(servers.Select(ServerView).ToList());
    }

    public async Task<ApiResponse<NoContent>> DeleteShareServer(string serverId)
    {
        await Enter($"DELETE /share-servers/{serverId}");
        var server = await d.Db.Get<ShareServer>(serverId);
        if (server is null) return Answer.NotFound<NoContent>($"share server {serverId} not found");
        if (!d.Machines.ShareServer.Permits(server.Status, ApiAction.Delete))
            return Answer.Conflict<NoContent>($"share server {serverId} is {server.Status}; delete needs active or error");
        d.Coverage.Action(d.Machines.ShareServer, server.Status, ApiAction.Delete);
        if ((await d.Db.Where<ShareInstance>(serverId, i => i.ShareServerId == serverId)).Count > 0)
            return Answer.Conflict<NoContent>($"share server {serverId} is in use by shares");
        // LP 1501326 (251673371): before the fix the API looked for shares only.
        if (!d.Lacks(Fixes.ServerDeleteChecksGroups) && (await d.Db.Where<ShareGroup>(serverId, g => g.ShareServerId == serverId)).Count > 0)
            return Answer.Conflict<NoContent>($"share server {serverId} is in use by share groups");
        await CastDeleteServer(server);
        return Answer.Accepted(NoContent.Value);
    }

    /// <summary>The cast carries the server as the API read it: Legacy's manager writes from that copy.</summary>
    Task CastDeleteServer(ShareServer server)
    {
        var host = server.Host;
        return d.Rpc.CastAsync(host, "delete_share_server", () => d.Manager(host).DeleteShareServer(server));
    }
}
