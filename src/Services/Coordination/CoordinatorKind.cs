// Which lock service a deployment uses: one table for all hosts (tooz with a DLM) or a file lock per host.
namespace SimManila.Services.Coordination;

public enum CoordinatorKind
{
    /// <summary>tooz with etcd/redis: one lock table shared by every host, leases expire on virtual time.</summary>
    Distributed,
    /// <summary>Manila's default file locks: two hosts taking the same name do not exclude each other.</summary>
    HostLocal,
}
