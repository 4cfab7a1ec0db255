namespace Hookline.Core.Inbound.Mapping;

/// <summary>
/// Finds <c>\uD800</c>-style escapes of a lone UTF-16 surrogate in JSON text. The parser allows them, but
/// no string holding one can be decoded, so a body with one is refused up front instead of failing later.
/// </summary>
public static class SurrogateCheck
{
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var pendingHigh = false;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != (byte)'\\' || i + 1 >= json.Length)
            {
                if (pendingHigh)
                {
                    return true;
                }
                continue;
            }
            if (json[i + 1] != (byte)'u' || i + 5 >= json.Length || !TryHex(json.Slice(i + 2, 4), out var unit))
            {
                if (pendingHigh)
                {
                    return true;
                }
                i++;
                continue;
            }
            var isHigh = unit is >= 0xD800 and <= 0xDBFF;
            var isLow = unit is >= 0xDC00 and <= 0xDFFF;
            if (pendingHigh != isLow)
            {
                return true;
            }
            pendingHigh = isHigh;
            i += 5;
        }
        return pendingHigh;
    }

    private static bool TryHex(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var b in digits)
        {
            var d = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }
            value = (value * 16) + d;
        }
        return true;
    }
}
