// The state a user sees for a rule: the worst of its per-instance mappings (models: get_aggregated_access_rules_state).
using SimManila.Model;

namespace SimManila.Services.Api;

public static class AccessStates
{
    static readonly AccessMappingState[] WorstFirst =
    [
        AccessMappingState.Error, AccessMappingState.Denying, AccessMappingState.QueuedToDeny,
        AccessMappingState.QueuedToUpdate, AccessMappingState.QueuedToApply, AccessMappingState.Updating,
        AccessMappingState.Applying, AccessMappingState.Active,
    ];

    public static AccessMappingState Aggregate(IEnumerable<AccessMappingState> states)
    {
        var present = states.ToHashSet();
        foreach (var state in WorstFirst)
            if (present.Contains(state)) return state;
        return AccessMappingState.Deleted;
    }
}
