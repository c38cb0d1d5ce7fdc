// A long-running piece of work (migration copy, backup, async create): who runs it, how far it got, its state.
namespace SimManila.Model;

public sealed class Job : IHasStatus<JobState>
{
    public required string Id { get; init; }
    /// <summary>What the job does, e.g. "migration", "backup_create", "data_copy".</summary>
    public required string Kind { get; set; }
    /// <summary>Id of the resource the job works on.</summary>
    public required string OwnerId { get; set; }
    /// <summary>Host of the service running it; the job dies with that service.</summary>
    public string? OwnerHost { get; set; }
    public JobState Status { get; set; } = JobState.Pending;
    /// <summary>0..100.</summary>
    public int Progress { get; set; }
    public string? Detail { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
