// A replayed schedule told as numbered steps, one line each: virtual time, who ran it, what it did (requests, casts,
// status changes, driver calls, locks, answers), the failing step marked. replay and test --show-schedule print it.
using System.Globalization;
using SimManila.Simulation;

namespace SimManila.Cli;

public static class Narration
{
    /// <param name="allSteps">Also the bare scheduling points between the steps that did something.</param>
    public static void Print(CliContext c, ReplayResult replay, bool allSteps)
    {
        var bug = replay.Bug;
        int failing = bug?.Step ?? -1;
        int indexWidth = Math.Max(3, replay.Steps.ToString(CultureInfo.InvariantCulture).Length);
        int nameWidth = Math.Min(40, replay.Log.Where(r => allSteps || r.Note is not null).Select(r => r.OperationName.Length).DefaultIfEmpty(8).Max());
        bool failingShown = false;
        foreach (var step in replay.Log)
        {
            bool isFailing = step.Index == failing && !failingShown;
            if (step.Note is null && !allSteps && !isFailing) continue;
            if (step.Index == failing && failingShown && step.OperationName == "(engine)") continue; // the bug itself, said below
            var what = step.Note ?? $"{step.Kind}{(step.Resource is null ? "" : " " + step.Resource)}";
            var line = $"{step.Index.ToString(CultureInfo.InvariantCulture).PadLeft(indexWidth)}. " +
                       $"[{step.Time.TotalSeconds,9:0.000}s] {step.OperationName.PadRight(nameWidth)}  {what}";
            if (isFailing)
            {
                failingShown = true;
                c.Markup(CliContext.Paint("red bold", line + "   <== " + (bug!.Kind == BugKind.NonDeterminism ? "diverged here" : "fails here")));
            }
            else
            {
                c.Line(line);
            }
        }
        if (bug is not null && !failingShown && failing >= 0)
            c.Markup(CliContext.Paint("red bold", $"{failing.ToString(CultureInfo.InvariantCulture).PadLeft(indexWidth)}. {bug.OperationName ?? "(no operation)"}  <== fails here"));
        c.Line();
    }
}
