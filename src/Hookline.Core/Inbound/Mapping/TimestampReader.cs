using System.Globalization;
using System.Text.Json;

namespace Hookline.Core.Inbound.Mapping;

/// <summary>Reads an event time: ISO 8601 text, or unix seconds or milliseconds (number or digits).</summary>
public static class TimestampReader
{
    // Below this a number is seconds (up to the year 5138); from it on, milliseconds.
    private const double MillisecondsFrom = 100_000_000_000;
    private static readonly DateTimeOffset Latest = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public static bool TryRead(JsonElement value, out DateTimeOffset time)
    {
        time = default;
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetDouble(out var number) && FromUnix(number, out time);
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        var text = value.GetString()!.Trim();
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var digits))
        {
            return FromUnix(digits, out time);
        }
        // ISO 8601 only: a date, a 'T', a time; an absent offset is UTC.
        if (text.Length < 10 || !char.IsAsciiDigit(text[0]) || text[4] != '-')
        {
            return false;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static bool FromUnix(double number, out DateTimeOffset time)
    {
        time = default;
        if (!double.IsFinite(number) || number < 0)
        {
            return false;
        }
        var ms = number >= MillisecondsFrom ? number : number * 1000;
        if (ms > Latest.ToUnixTimeMilliseconds())
        {
            return false;
        }
        time = DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
        return true;
    }

    /// <summary>ISO 8601 UTC as seed 000 writes it: whole seconds without a fraction, else milliseconds.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(time.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
