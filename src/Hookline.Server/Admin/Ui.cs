using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hookline.Core.Deliveries;
using Microsoft.AspNetCore.Html;

namespace Hookline.Server.Admin;

/// <summary>Small pieces of markup the pages repeat.</summary>
public static class Ui
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A time in UTC, which the page's script rewrites into the browser's zone, keeping UTC on hover.</summary>
    public static IHtmlContent Time(DateTimeOffset? time)
    {
        if (time is not { } t)
        {
            return new HtmlString("—");
        }
        var utc = t.ToUniversalTime();
        var iso = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
        return new HtmlString($"<time datetime=\"{iso}\" title=\"{text}\">{text}</time>");
    }

    public static IHtmlContent Status(DeliveryStatus status) => Badge(status.ToWire(), status switch
    {
        DeliveryStatus.Succeeded => "ok",
        DeliveryStatus.Dead => "bad",
        DeliveryStatus.Failed => "warn",
        _ => "info",
    });

    public static IHtmlContent Badge(string text, string tone) =>
        new HtmlString($"<span class=\"badge {tone}\">{HtmlEncoder.Default.Encode(text)}</span>");

    public static string Pretty(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "";
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(doc.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Ms(double? ms) => ms is { } m ? m.ToString("0", CultureInfo.InvariantCulture) + " ms" : "—";
}
