// Share group `status` (fact sheet §1.6).
namespace SimManila.Model;

public sealed record ShareGroupStatus : ManilaStatus<ShareGroupStatus>
{
    private ShareGroupStatus(string value) : base(value) { }

    public static readonly ShareGroupStatus Creating = Define(new("creating"));
    public static readonly ShareGroupStatus Available = Define(new("available"));
    public static readonly ShareGroupStatus Error = Define(new("error"));
    public static readonly ShareGroupStatus Deleting = Define(new("deleting"));
    /// <summary>Soft-delete marker written with the row delete.</summary>
    public static readonly ShareGroupStatus Deleted = Define(new("deleted"));
}
