// An interleaving as a self-contained HTML page: one lane per operation on an axis of steps (virtual time on the
// ticks), a box per step that did something, coloured by what it did, the race's steps outlined amber and the failing
// step red; hovering a box shows the step in full. No script, no external file: it opens anywhere, offline.
using System.Globalization;
using System.Net;
using System.Text;

namespace SimManila.Scenarios.Pictures;

public static class HtmlTimeline
{
    const int LaneHeight = 28, LabelWidth = 300, StepWidth = 22, Top = 40, BoxSize = 16;

    static readonly (FactKind Kind, string Colour, string Name)[] Legend =
    [
        (FactKind.Request, "#4e79a7", "API request"), (FactKind.Cast, "#59a14f", "RPC cast"),
        (FactKind.DriverCall, "#b07aa1", "driver call"), (FactKind.StatusChange, "#f28e2b", "status change"),
        (FactKind.Lock, "#9c755f", "lock"), (FactKind.Answer, "#76b7b2", "answer"), (FactKind.Other, "#bab0ac", "other"),
    ];

    public static string Render(Interleaving interleaving)
    {
        ArgumentNullException.ThrowIfNull(interleaving);
        var steps = interleaving.Steps.Where(s => s.Facts.Count > 0).ToList();
        var lanes = interleaving.Operations.Where(o => steps.Any(s => s.Operation == o)).ToList();
        int width = LabelWidth + Math.Max(1, steps.Count) * StepWidth + 20;
        int height = Top + lanes.Count * LaneHeight + 20;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append($"<title>{E(interleaving.Title)}</title>\n");
        page.Append("<style>\nbody{font-family:system-ui,sans-serif;margin:1.5em;color:#222}\n.scroll{overflow-x:auto;border:1px solid #ddd}\n");
        page.Append("svg text{font-size:12px;font-family:ui-monospace,monospace}\n.legend span{display:inline-block;margin-right:1.2em}\n");
        page.Append(".swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}\nrect.step:hover{stroke:#000;stroke-width:2}\n");
        page.Append("table{border-collapse:collapse;margin-top:1em;font-size:13px}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}\n");
        page.Append("tr.race td{background:#fff3cd}tr.failing td{background:#f8d7da;font-weight:bold}\n</style>\n</head>\n<body>\n");
        page.Append($"<h1>{E(interleaving.Title)}</h1>\n");
        if (interleaving.Failure is { } failure) page.Append($"<p><strong>Fails:</strong> {E(failure)}</p>\n");
        if (interleaving.RaceResources.Count > 0)
            page.Append($"<p>Steps that touch {E(string.Join(", ", interleaving.RaceResources))} (the resources the failure names) are outlined amber; the failing step red. Hover a box for the step.</p>\n");
        page.Append("<p class=\"legend\">");
        foreach (var (_, colour, name) in Legend) page.Append($"<span><span class=\"swatch\" style=\"background:{colour}\"></span>{name}</span>");
        page.Append("</p>\n<div class=\"scroll\">\n");
        page.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"interleaving\">\n");
        for (int i = 0; i < lanes.Count; i++)
        {
            int y = Top + i * LaneHeight;
            page.Append($"<rect x=\"0\" y=\"{y}\" width=\"{width}\" height=\"{LaneHeight}\" fill=\"{(i % 2 == 0 ? "#fafafa" : "#ffffff")}\"/>\n");
            page.Append($"<text x=\"6\" y=\"{y + 18}\">{E(lanes[i])}</text>\n");
        }
        for (int x = 0; x < steps.Count; x += 10)
        {
            int px = LabelWidth + x * StepWidth;
            page.Append($"<line x1=\"{px}\" y1=\"{Top - 6}\" x2=\"{px}\" y2=\"{height - 20}\" stroke=\"#e0e0e0\"/>\n");
            page.Append($"<text x=\"{px + 2}\" y=\"{Top - 24}\">step {steps[x].Index}</text>\n");
            page.Append($"<text x=\"{px + 2}\" y=\"{Top - 10}\">{Seconds(steps[x].Time)}</text>\n");
        }
        for (int x = 0; x < steps.Count; x++)
        {
            var step = steps[x];
            int lane = lanes.IndexOf(step.Operation);
            int px = LabelWidth + x * StepWidth + (StepWidth - BoxSize) / 2, py = Top + lane * LaneHeight + (LaneHeight - BoxSize) / 2;
            var colour = Legend.First(l => l.Kind == step.Facts[0].Kind).Colour;
            var outline = step.Failing ? " stroke=\"#c0392b\" stroke-width=\"3\"" : step.InRace ? " stroke=\"#e0a800\" stroke-width=\"3\"" : "";
            page.Append($"<rect class=\"step\" x=\"{px}\" y=\"{py}\" width=\"{BoxSize}\" height=\"{BoxSize}\" rx=\"3\" fill=\"{colour}\"{outline}>");
            page.Append($"<title>{E(Detail(step))}</title></rect>\n");
        }
        page.Append("</svg>\n</div>\n");
        page.Append("<table>\n<tr><th>step</th><th>time</th><th>operation</th><th>process</th><th>what</th></tr>\n");
        foreach (var step in steps)
        {
            var row = step.Failing ? " class=\"failing\"" : step.InRace ? " class=\"race\"" : "";
            page.Append($"<tr{row}><td>{step.Index}</td><td>{Seconds(step.Time)}</td><td>{E(step.Operation)}</td><td>{E(step.Process)}</td>");
            page.Append($"<td>{E(string.Join("; ", step.Facts.Select(Describe)))}</td></tr>\n");
        }
        page.Append("</table>\n</body>\n</html>\n");
        return page.ToString();
    }

    static string Detail(InterleavingStep step) =>
        $"step {step.Index} at {Seconds(step.Time)}, {step.Operation} ({step.Process}): " + string.Join("; ", step.Facts.Select(Describe)) +
        (step.Failing ? " <== fails here" : "");

    static string Describe(Fact fact) => fact.To is null ? fact.Text : $"{fact.Text} → {fact.To}";

    static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";

    static string E(string text) => WebUtility.HtmlEncode(text);
}
