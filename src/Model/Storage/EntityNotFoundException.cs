// Raised when a write names a row that does not exist (or is soft-deleted), like Manila's NotFound from *_update.
namespace SimManila.Model;

public sealed class EntityNotFoundException(Type entityType, string id)
    : Exception($"{entityType.Name} '{id}' not found")
{
    public Type EntityType { get; } = entityType;
    public string Id { get; } = id;
}

/// <summary>Raised when an insert reuses an id (live or soft-deleted), on both providers alike.</summary>
public sealed class DuplicateEntityException(Type entityType, string id)
    : Exception($"{entityType.Name} '{id}' already exists")
{
    public Type EntityType { get; } = entityType;
    public string Id { get; } = id;
}
