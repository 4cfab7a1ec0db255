using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hookline.Core.Inbound.Verification;

/// <summary>The pieces the HMAC schemes share: keyed hashes over a prefix, the body and a suffix; decoding; constant-time checks.</summary>
internal static class Signatures
{
    public static byte[] Hmac(HashAlgorithmName algorithm, byte[] key, string prefix, ReadOnlySpan<byte> body, string suffix = "")
    {
        using var hmac = IncrementalHash.CreateHMAC(algorithm, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(prefix));
        hmac.AppendData(body);
        hmac.AppendData(Encoding.UTF8.GetBytes(suffix));
        return hmac.GetHashAndReset();
    }

    /// <summary>Whether any candidate equals any expected value. Every pair is compared, so timing says nothing about which.</summary>
    public static bool AnyMatch(IEnumerable<byte[]> candidates, IReadOnlyList<byte[]> expected)
    {
        var matched = false;
        foreach (var candidate in candidates)
        {
            foreach (var value in expected)
            {
                matched |= CryptographicOperations.FixedTimeEquals(candidate, value);
            }
        }
        return matched;
    }

    /// <summary>Compares texts of any length in constant time: their hashes have one length.</summary>
    public static bool TextEquals(string? actual, string expected) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(actual)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    public static byte[]? FromHex(string text)
    {
        if (text.Length == 0 || text.Length % 2 != 0)
        {
            return null;
        }
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static byte[]? FromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    /// <summary>Reads a unix time in seconds (or milliseconds, when it is that large) and checks it is within the tolerance of now.</summary>
    public static string? CheckTimestamp(string? text, TimeSpan tolerance, DateTimeOffset now)
    {
        if (text is null)
        {
            return "the timestamp header is missing";
        }
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return "the timestamp is not a unix time";
        }
        var signedAt = value > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(value, 253402300799999))
            : DateTimeOffset.FromUnixTimeSeconds(Math.Min(value, 253402300799));
        var age = now - signedAt;
        return age > tolerance ? "the timestamp is older than the tolerance" : age < -tolerance ? "the timestamp is further in the future than the tolerance" : null;
    }

    public static HashAlgorithmName? Algorithm(string? name) => (name ?? "sha256").ToLowerInvariant() switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha1" => HashAlgorithmName.SHA1,
        "sha512" => HashAlgorithmName.SHA512,
        _ => null,
    };

    public static byte[] Utf8(string secret) => Encoding.UTF8.GetBytes(secret);
}
