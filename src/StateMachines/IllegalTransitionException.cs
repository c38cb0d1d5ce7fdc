// Raised when a trigger fires in a state that does not allow it; the message names everything needed to find it.
namespace SimManila.StateMachines;

public sealed class IllegalTransitionException(string resource, string resourceId, string state, string trigger)
    : InvalidOperationException(
        $"Illegal transition: {resource} '{resourceId}' in state '{state}' cannot take trigger '{trigger}'")
{
    public string Resource { get; } = resource;
    public string ResourceId { get; } = resourceId;
    public string State { get; } = state;
    public string Trigger { get; } = trigger;
}
