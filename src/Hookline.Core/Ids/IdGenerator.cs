using System.Security.Cryptography;

namespace Hookline.Core.Ids;

/// <summary>
/// Prefixed, time-sortable ids: <c>{prefix}_{26 chars of Crockford base32}</c>, where the first
/// ten characters encode milliseconds since the Unix epoch and the rest are random. Ids made
/// later sort after ids made earlier (ordinal string order), which list paging relies on.
/// </summary>
public static class IdGenerator
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly object Gate = new();
    private static long _lastMillis;
    private static readonly byte[] LastRandom = new byte[10];

    public static string New(string prefix, TimeProvider? clock = null)
    {
        var millis = (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        lock (Gate)
        {
            if (millis <= _lastMillis)
            {
                // Same (or an earlier) millisecond: increment the previous random part so ids stay monotonic.
                millis = _lastMillis;
                Increment(LastRandom);
            }
            else
            {
                _lastMillis = millis;
                RandomNumberGenerator.Fill(LastRandom);
                LastRandom[0] &= 0x7F; // headroom so increments never overflow in practice
            }
            LastRandom.CopyTo(random);
        }

        Span<char> chars = stackalloc char[26];
        var t = millis;
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(t & 31)];
            t >>= 5;
        }
        // 80 random bits -> 16 chars of 5 bits.
        var bitBuffer = 0UL;
        var bits = 0;
        var pos = 10;
        foreach (var b in random)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[pos++] = Alphabet[(int)((bitBuffer >> bits) & 31)];
            }
        }
        return string.Concat(prefix, "_", chars);
    }

    /// <summary>True when <paramref name="id"/> has the given prefix and a well-formed body.</summary>
    public static bool IsValid(string? id, string prefix)
    {
        if (id is null || id.Length != prefix.Length + 27 || !id.StartsWith(prefix, StringComparison.Ordinal) || id[prefix.Length] != '_')
        {
            return false;
        }
        foreach (var c in id.AsSpan(prefix.Length + 1))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    private static void Increment(byte[] value)
    {
        for (var i = value.Length - 1; i >= 0; i--)
        {
            if (++value[i] != 0)
            {
                return;
            }
        }
    }
}

public static class IdPrefix
{
    public const string App = "app";
    public const string Endpoint = "ep";
    public const string Message = "msg";
    public const string Delivery = "dlv";
    public const string Attempt = "att";
    public const string Source = "src";
    public const string ApiKey = "key";
    public const string EventType = "evt";
    public const string Template = "tpl";
}
