// The two concurrency policies that share one code base; the difference lives in a few seams, never in copies.
namespace SimManila.Services;

public enum ConcurrencyPolicy
{
    /// <summary>Manila as it is: check in code, write later; host-local locks where Manila takes them; managers
    /// write final statuses without re-checking.</summary>
    Legacy,
    /// <summary>The agreed design: atomic test-and-set on every status change, transitional states such as
    /// `snapshotting`, distributed locks never held across an RPC cast or a driver call, managers re-validate.</summary>
    Guarded,
}
