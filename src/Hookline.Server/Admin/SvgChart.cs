using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Hookline.Server.Admin;

/// <summary>
/// Charts drawn on the server as inline SVG: nothing to download, readable without script. Each chart
/// carries a text summary for screen readers and a title per point for hover.
/// </summary>
public static class SvgChart
{
    private const int Width = 600;
    private const int Height = 160;
    private const int Pad = 28;

    public sealed record Point(DateTimeOffset Start, double? Value, string Label);

    public static IHtmlContent Bars(string title, IReadOnlyList<Point> points, string summary) => Draw(title, points, summary, bars: true, fixedMax: null);

    public static IHtmlContent Line(string title, IReadOnlyList<Point> points, string summary, double? fixedMax = null) =>
        Draw(title, points, summary, bars: false, fixedMax);

    private static IHtmlContent Draw(string title, IReadOnlyList<Point> points, string summary, bool bars, double? fixedMax)
    {
        var max = fixedMax ?? Math.Max(1, points.Max(p => p.Value ?? 0));
        var step = (Width - (2.0 * Pad)) / Math.Max(1, points.Count);
        var id = "c" + Math.Abs(title.GetHashCode(StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{Enc(title)}</title><desc id=\"{id}-d\">{Enc(summary)}</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Pad}\" y1=\"{Height - Pad}\" x2=\"{Width - Pad}\" y2=\"{Height - Pad}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"2\" y=\"{Pad - 8}\">{Enc(Format(max))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"2\" y=\"{Height - Pad}\">0</text>");
        var path = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = Pad + (i * step);
            var label = $"{p.Start.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {p.Label}";
            if (p.Value is not { } v)
            {
                continue;
            }
            var h = (Height - (2.0 * Pad)) * Math.Min(v, max) / max;
            if (bars)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar\" x=\"{x + 1:0.#}\" y=\"{Height - Pad - h:0.#}\" width=\"{Math.Max(1, step - 2):0.#}\" height=\"{h:0.#}\"><title>{Enc(label)}</title></rect>");
            }
            else
            {
                var cx = x + (step / 2);
                var cy = Height - Pad - h;
                path.Append(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? "M" : "L")}{cx:0.#},{cy:0.#} ");
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"dot\" cx=\"{cx:0.#}\" cy=\"{cy:0.#}\" r=\"3\"><title>{Enc(label)}</title></circle>");
            }
        }
        if (path.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"line\" d=\"{path.ToString().Trim()}\"/>");
        }
        if (points.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Pad}\" y=\"{Height - 8}\">{points[0].Start.UtcDateTime:MM-dd HH:mm} UTC</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick end\" x=\"{Width - Pad}\" y=\"{Height - 8}\">now</text>");
        }
        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static string Format(double v) => v >= 100 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
