using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hookline.Core.Protection;

/// <summary>An IPv4 or IPv6 network in CIDR notation, such as <c>10.0.0.0/8</c> or <c>fc00::/7</c>.</summary>
public sealed class CidrBlock
{
    private readonly byte[] _network;

    private CidrBlock(byte[] network, int prefixLength, AddressFamily family)
    {
        _network = network;
        PrefixLength = prefixLength;
        Family = family;
    }

    public int PrefixLength { get; }
    public AddressFamily Family { get; }

    public static CidrBlock Parse(string text) =>
        TryParse(text, out var block) ? block : throw new FormatException($"'{text}' is not a CIDR block such as 10.0.0.0/8 or fc00::/7.");

    /// <summary>
    /// Reads <c>address/prefix</c>; a bare address means a single host. Host bits below the prefix are
    /// cleared, so <c>10.1.2.3/8</c> is read as <c>10.0.0.0/8</c> rather than refused.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CidrBlock? block)
    {
        block = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? trimmed : trimmed[..slash];
        // Only strict dotted-quad IPv4 is accepted here: an allow-list entry like "10.1/16" is more
        // likely a typo than the legacy shorthand IPAddress.TryParse would read it as.
        if (!IPAddress.TryParse(addressText, out var address) || (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
        {
            return false;
        }
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) || addressText.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }
        var bytes = address.GetAddressBytes();
        var maxPrefix = bytes.Length * 8;
        var prefix = maxPrefix;
        if (slash >= 0)
        {
            var prefixText = trimmed[(slash + 1)..];
            if (prefixText.Length == 0 || !prefixText.All(char.IsAsciiDigit)
                || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix)
            {
                return false;
            }
        }
        Mask(bytes, prefix);
        block = new CidrBlock(bytes, prefix, address.AddressFamily);
        return true;
    }

    /// <summary>Whether the address lies in this block. Addresses of the other family never do.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != Family)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || written != _network.Length)
        {
            return false;
        }
        var fullBytes = PrefixLength / 8;
        if (!bytes[..fullBytes].SequenceEqual(_network.AsSpan(0, fullBytes)))
        {
            return false;
        }
        var remainingBits = PrefixLength % 8;
        if (remainingBits == 0)
        {
            return true;
        }
        var mask = (byte)(0xFF << (8 - remainingBits));
        return (bytes[fullBytes] & mask) == _network[fullBytes];
    }

    public override string ToString() => $"{new IPAddress(_network)}/{PrefixLength}";

    private static void Mask(byte[] bytes, int prefix)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var bitsInByte = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsInByte));
        }
    }
}
