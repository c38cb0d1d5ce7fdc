// Share instance `replica_state` (fact sheet §1.3); NULL (no value) for instances of non-replicated shares.
namespace SimManila.Model;

public sealed record ReplicaState : ManilaStatus<ReplicaState>
{
    private ReplicaState(string value) : base(value) { }

    public static readonly ReplicaState Active = Define(new("active"));
    public static readonly ReplicaState InSync = Define(new("in_sync"));
    public static readonly ReplicaState OutOfSync = Define(new("out_of_sync"));
    public static readonly ReplicaState Error = Define(new("error"));
}
