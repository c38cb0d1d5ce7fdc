// A running Manila service (`services`): host, binary and heartbeat, used to decide whether a host is up.
namespace SimManila.Model;

public sealed class Service : IEntity
{
    public required string Id { get; init; }
    public required string Host { get; set; }
    /// <summary>manila-api, manila-scheduler, manila-share, manila-data.</summary>
    public required string Binary { get; set; }
    public string? Topic { get; set; }
    public string? AvailabilityZone { get; set; }
    public bool Disabled { get; set; }
    public int ReportCount { get; set; }
    /// <summary>Virtual-clock time of the last heartbeat (Manila's updated_at).</summary>
    public DateTime? LastHeartbeatAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
