// What every row has: a string id drawn from the service's counters, and Manila-style soft delete.
namespace SimManila.Model;

public interface IEntity
{
    string Id { get; }
    bool Deleted { get; set; }
    /// <summary>Virtual-clock time of the soft delete; never the real clock.</summary>
    DateTime? DeletedAt { get; set; }
}

/// <summary>A row with one primary lifecycle status of type <typeparamref name="TStatus"/>.</summary>
public interface IHasStatus<TStatus> : IEntity where TStatus : ManilaStatus<TStatus>
{
    TStatus Status { get; set; }
}
