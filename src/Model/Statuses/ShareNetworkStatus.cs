// Share network `status` (fact sheet §1.5); subnets have no status column.
namespace SimManila.Model;

public sealed record ShareNetworkStatus : ManilaStatus<ShareNetworkStatus>
{
    private ShareNetworkStatus(string value) : base(value) { }

    public static readonly ShareNetworkStatus Active = Define(new("active"));
    public static readonly ShareNetworkStatus Error = Define(new("error"));
    public static readonly ShareNetworkStatus NetworkChange = Define(new("network_change"));
    /// <summary>The row is soft-deleted (Manila writes no status for it; the marker keeps the lifecycle closed).</summary>
    public static readonly ShareNetworkStatus Deleted = Define(new("deleted"));
}
