// Which lifecycle triggers the service's code can fire at all: the string literals compiled into the Services assembly
// (its user-string heap), so it is always the shipped code that answers, never a list kept by hand. The machines
// declare every transition Manila has (migration, manage, backups, ...); a transition whose trigger the service never
// names is not implemented yet, which coverage tells apart from one the scenarios simply never reach.
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using SimManila.Services;
using SimManila.StateMachines;

namespace SimManila.Scenarios;

public static class ServiceTriggers
{
    /// <summary>Every string literal of the Services assembly; null when the assembly file cannot be read (then every
    /// trigger counts as implemented: coverage claims nothing it cannot back).</summary>
    static readonly IReadOnlySet<string>? Literals = Read(typeof(Deployment).Assembly.Location);

    /// <summary>Whether the service's code can fire <paramref name="trigger"/>: it names it, or (a Guarded refusal,
    /// built by Triggers.Refused from the claim and its origin) it names the claim refused.</summary>
    public static bool CanFire(string trigger)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (Literals is null || Literals.Contains(trigger)) return true;
        int refused = trigger.IndexOf(Triggers.Refused("", "")[..^1], StringComparison.Ordinal);
        return refused > 0 && Literals.Contains(trigger[..refused]);
    }

    static HashSet<string>? Read(string assemblyFile)
    {
        if (string.IsNullOrEmpty(assemblyFile) || !File.Exists(assemblyFile)) return null;
        using var stream = File.OpenRead(assemblyFile);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        if (metadata.GetHeapSize(HeapIndex.UserString) <= 1) return [];
        var literals = new HashSet<string>(StringComparer.Ordinal);
        // Offset 0 of the heap is the empty string; the first literal starts at 1.
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
            literals.Add(metadata.GetUserString(handle));
        return literals;
    }
}
