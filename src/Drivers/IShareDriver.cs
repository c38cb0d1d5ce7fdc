// The manager-to-driver interface (manila/share/driver.py: ShareDriver), the calls SimManila simulates.
namespace SimManila.Drivers;

public interface IShareDriver
{
    string Host { get; }
    DriverCapabilities Capabilities { get; }

    Task<DriverCreateResult> CreateShareAsync(DriverShare share);
    Task<DriverCreateResult> CreateShareFromSnapshotAsync(DriverShare share, DriverSnapshot snapshot);
    /// <summary>Polled for shares left in creating_from_snapshot: returns `available`, `error` or the same status.</summary>
    Task<string> GetShareStatusAsync(DriverShare share);
    Task DeleteShareAsync(DriverShare share);
    Task ExtendShareAsync(DriverShare share, int newSizeGb);
    Task ShrinkShareAsync(DriverShare share, int newSizeGb);
    Task CreateSnapshotAsync(DriverSnapshot snapshot);
    Task DeleteSnapshotAsync(DriverSnapshot snapshot);
    Task RevertToSnapshotAsync(DriverShare share, DriverSnapshot snapshot);

    /// <summary>Applies the instance's whole rule set: `accessRules` is the full desired set (minus denying rules),
    /// add/delete are the changes of this batch. Raises when any rule cannot be applied.</summary>
    Task UpdateAccessAsync(DriverShare share, IReadOnlyList<DriverAccessRule> accessRules,
        IReadOnlyList<DriverAccessRule> addRules, IReadOnlyList<DriverAccessRule> deleteRules);
}
