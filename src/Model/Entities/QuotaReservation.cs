// A quota reservation (`reservations`): a pending delta, committed into or rolled back from its usage.
namespace SimManila.Model;

public sealed class QuotaReservation : IEntity
{
    public required string Id { get; init; }
    public required string UsageId { get; set; }
    public required string ProjectId { get; set; }
    public required string Resource { get; set; }
    public int Delta { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public bool Deleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
