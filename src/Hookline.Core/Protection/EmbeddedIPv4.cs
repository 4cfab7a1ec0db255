using System.Net;
using System.Net.Sockets;

namespace Hookline.Core.Protection;

/// <summary>Finds the IPv4 address inside IPv6 transition forms.</summary>
internal static class EmbeddedIPv4
{
    /// <summary>
    /// True when <paramref name="address"/> is a transition form; <paramref name="v4"/> is then its
    /// IPv4 address, or null when the form is recognised but its layout isn't.
    /// </summary>
    public static bool TryExtract(IPAddress address, out IPAddress? v4, out string form)
    {
        v4 = null;
        form = "";
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }
        var b = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6)
        {
            form = "IPv4-mapped";
            v4 = FromBytes(b[12], b[13], b[14], b[15]);
            return true;
        }
        // ::/96 is IPv4-compatible, except :: and ::1, which the plain table names precisely.
        if (AllZero(b, 0, 12) && !(AllZero(b, 12, 3) && b[15] <= 1))
        {
            form = "IPv4-compatible";
            v4 = FromBytes(b[12], b[13], b[14], b[15]);
            return true;
        }
        if (StartsWith(b, 0x00, 0x64, 0xff, 0x9b) && AllZero(b, 4, 8))
        {
            form = "NAT64 (64:ff9b::/96)";
            v4 = FromBytes(b[12], b[13], b[14], b[15]);
            return true;
        }
        if (StartsWith(b, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01))
        {
            form = "NAT64 (64:ff9b:1::/48)";
            v4 = LocalUseNat64(b);
            return true;
        }
        if (StartsWith(b, 0x20, 0x02))
        {
            form = "6to4 (2002::/16)";
            v4 = FromBytes(b[2], b[3], b[4], b[5]);
            return true;
        }
        if (StartsWith(b, 0x20, 0x01, 0x00, 0x00))
        {
            // Teredo stores the client's address inverted so NATs don't rewrite it.
            form = "Teredo (2001::/32)";
            v4 = FromBytes((byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]);
            return true;
        }
        return false;
    }

    // The local-use prefix may be deployed as a /96 (IPv4 in the last 32 bits) or as the /48 of
    // RFC 6052 (IPv4 in bits 48-63 and 72-87, bits 64-71 zero). Any other layout is unreadable and
    // so refused: guessing wrong could let a private address through.
    private static IPAddress? LocalUseNat64(byte[] b)
    {
        if (AllZero(b, 6, 6))
        {
            return FromBytes(b[12], b[13], b[14], b[15]);
        }
        if (b[8] == 0 && AllZero(b, 11, 5))
        {
            return FromBytes(b[6], b[7], b[9], b[10]);
        }
        return null;
    }

    private static IPAddress FromBytes(byte a, byte b, byte c, byte d) => new([a, b, c, d]);

    private static bool AllZero(byte[] bytes, int start, int count) => bytes.AsSpan(start, count).IndexOfAnyExcept((byte)0) < 0;

    private static bool StartsWith(byte[] bytes, params ReadOnlySpan<byte> prefix) => bytes.AsSpan().StartsWith(prefix);
}
