using System.Globalization;
using CertVerify.Web.Verification;

namespace CertVerify.Web.Pages.Console;

/// <summary>
/// The geometry of the dashboard's bar chart of verifications per day, drawn as inline SVG on the server (no chart
/// library, no script). Coordinates are in the SVG's own units; the SVG scales to the page's width.
/// </summary>
public sealed class VerificationChart
{
    public const int Width = 720;
    public const int Height = 240;
    private const double Left = 44, Right = 8, Top = 12, Bottom = 36;

    public sealed record Bar(DateOnly Date, int Count, string X, string Y, string BarWidth, string BarHeight, string? Label, string LabelX);

    public sealed record Tick(int Value, string Y);

    public IReadOnlyList<Bar> Bars { get; }

    public IReadOnlyList<Tick> Ticks { get; }

    public int Total { get; }

    public int Busiest { get; }

    public static string PlotLeft => Format(Left);

    public static string PlotRight => Format(Width - Right);

    public static string Baseline => Format(Height - Bottom);

    public static string LabelY => Format(Height - Bottom + 16);

    public static string TickLabelX => Format(Left - 6);

    public VerificationChart(IReadOnlyList<DailyCount> days)
    {
        Total = days.Sum(d => d.Count);
        Busiest = days.Count == 0 ? 0 : days.Max(d => d.Count);
        var step = NiceStep(Math.Max(1, (int)Math.Ceiling(Busiest / 4.0)));
        var top = step * 4;
        var plotHeight = Height - Top - Bottom;
        var slot = (Width - Left - Right) / Math.Max(1, days.Count);
        Bars = days.Select((day, i) =>
        {
            var height = plotHeight * day.Count / top;
            var x = Left + slot * i + slot * 0.15;
            // One date label a week, ending today.
            var label = (days.Count - 1 - i) % 7 == 0 ? day.Date.ToString("d MMM", CultureInfo.InvariantCulture) : null;
            return new Bar(day.Date, day.Count, Format(x), Format(Height - Bottom - height), Format(slot * 0.7), Format(height), label,
                Format(Left + slot * i + slot / 2));
        }).ToList();
        Ticks = Enumerable.Range(0, 5).Select(i => new Tick(step * i, Format(Height - Bottom - plotHeight * i / 4.0))).ToList();
    }

    /// <summary>The smallest of 1, 2, 5, 10, 20, 25, 50, 100... that is at least <paramref name="raw"/>.</summary>
    private static int NiceStep(int raw)
    {
        for (var scale = 1; ; scale *= 10)
        {
            foreach (var multiple in new[] { 1, 2, 5 })
            {
                if (multiple * scale >= raw) return multiple * scale;
                if (multiple == 2 && scale >= 10 && scale * 5 / 2 >= raw) return scale * 5 / 2;
            }
        }
    }

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
