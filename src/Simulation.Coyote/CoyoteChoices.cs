// Choices under Coyote: every bool and int the program asks for is Coyote's controlled choice (Random.Generator), so
// Coyote's strategy makes it and Coyote's trace replays it; the Simulator records the value as our decision as well.
using Microsoft.Coyote.Random;

namespace SimManila.Simulation.Coyote;

internal sealed class CoyoteChoices(CoyoteBackend backend) : SchedulingStrategy
{
    /// <summary>Largest denominator tried for a probability; q-learning's work grows with each choice's range.</summary>
    const int MaxDenominator = 64;

    Generator? generator;

    public override string Name => "coyote";

    public override void BeginIteration(ulong seed, long iteration) { }

    /// <summary>Binds to the iteration's Coyote runtime; called on its root operation before the program runs.</summary>
    public void Attach() => generator = Generator.Create();

    public override int PickNext(Simulator sim, SimOperation[] ready, int count) =>
        throw new InvalidOperationException("under Coyote, Coyote's scheduler picks the next operation");

    public override bool ChooseBool(Simulator sim, double probability)
    {
        if (probability <= 0) return false;
        if (probability >= 1) return true;
        return Choose(() =>
        {
            if (probability == 0.5) return generator!.NextBoolean();
            var (numerator, denominator) = Fraction(probability);
            return generator!.NextInteger(denominator) < numerator;
        });
    }

    public override int ChooseInt(Simulator sim, int minInclusive, int maxExclusive) =>
        minInclusive + Choose(() => generator!.NextInteger(maxExclusive - minInclusive));

    /// <summary>Coyote ends an iteration (its step bound, a replay that no longer fits) by throwing
    /// ThreadInterruptedException from the choice; inside simulated code that becomes our SimulationStopException,
    /// which the service's catch-alls already let through, so no service code needs to know about Coyote.</summary>
    T Choose<T>(Func<T> draw)
    {
        backend.ThrowIfStopping();
        try
        {
            return draw();
        }
        catch (ThreadInterruptedException)
        {
            backend.CoyoteStopped();
            throw new SimulationStopException();
        }
    }

    /// <summary>The probability as numerator / denominator with the smallest denominator that is exact (1/4 for the
    /// default fault probabilities), else thousandths.</summary>
    internal static (int numerator, int denominator) Fraction(double probability)
    {
        for (int d = 2; d <= MaxDenominator; d++)
        {
            double n = probability * d;
            if (Math.Abs(n - Math.Round(n)) < 1e-9) return ((int)Math.Round(n), d);
        }
        return ((int)Math.Round(probability * 1000), 1000);
    }
}
