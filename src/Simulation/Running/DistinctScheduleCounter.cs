// Counts distinct schedules in flat memory: an exact set of schedule hashes up to a cap, then a HyperLogLog sketch.
using System.Numerics;

namespace SimManila.Simulation;

internal sealed class DistinctScheduleCounter
{
    const int ExactCap = 65_536;
    const int Precision = 12;
    HashSet<ulong>? exact = new();
    byte[]? registers;

    public bool IsEstimate => registers is not null;

    public void Add(ulong hash)
    {
        if (exact is not null)
        {
            exact.Add(hash);
            if (exact.Count > ExactCap) SwitchToSketch();
            return;
        }
        AddToSketch(hash);
    }

    void SwitchToSketch()
    {
        registers = new byte[1 << Precision];
        foreach (var h in exact!) AddToSketch(h);
        exact = null;
    }

    void AddToSketch(ulong hash)
    {
        ulong h = SimRandom.Mix(hash);
        int index = (int)(h >> (64 - Precision));
        ulong rest = (h << Precision) | (1UL << (Precision - 1));
        byte rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        if (rank > registers![index]) registers[index] = rank;
    }

    public void Merge(DistinctScheduleCounter other)
    {
        if (other.exact is not null)
        {
            foreach (var h in other.exact) Add(h);
            return;
        }
        if (registers is null) SwitchToSketch();
        for (int i = 0; i < registers!.Length; i++)
            if (other.registers![i] > registers[i]) registers[i] = other.registers[i];
    }

    public long Count
    {
        get
        {
            if (exact is not null) return exact.Count;
            int m = registers!.Length, zeros = 0;
            double sum = 0;
            foreach (var r in registers)
            {
                sum += Math.Pow(2, -r);
                if (r == 0) zeros++;
            }
            double alpha = 0.7213 / (1 + 1.079 / m);
            double estimate = alpha * m * m / sum;
            if (estimate <= 2.5 * m && zeros > 0) estimate = m * Math.Log((double)m / zeros);
            return (long)Math.Round(estimate);
        }
    }
}
