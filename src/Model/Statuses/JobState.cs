// State of a long-running job record (simulator bookkeeping, not a Manila table).
namespace SimManila.Model;

public sealed record JobState : ManilaStatus<JobState>
{
    private JobState(string value) : base(value) { }

    public static readonly JobState Pending = Define(new("pending"));
    public static readonly JobState Running = Define(new("running"));
    public static readonly JobState Succeeded = Define(new("succeeded"));
    public static readonly JobState Failed = Define(new("failed"));
    public static readonly JobState Cancelled = Define(new("cancelled"));
}
