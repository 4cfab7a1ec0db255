namespace Hookline.Core.Protection;

/// <summary>The address ranges a delivery may not reach unless an operator opens them.</summary>
internal static class ForbiddenRanges
{
    // Metadata services come first so their verdict names them rather than the wider range they sit in.
    public static readonly IReadOnlyList<(CidrBlock Block, string Reason)> Metadata =
    [
        Range("169.254.169.254/32", "cloud metadata service"),
        Range("169.254.170.2/32", "cloud metadata service (container credentials)"),
        Range("100.100.100.200/32", "cloud metadata service"),
        Range("fd00:ec2::254/128", "cloud metadata service"),
    ];

    public static readonly IReadOnlyList<(CidrBlock Block, string Reason)> IPv4 =
    [
        Range("255.255.255.255/32", "broadcast"),
        Range("0.0.0.0/8", "'this network' (0.0.0.0/8)"),
        Range("127.0.0.0/8", "loopback"),
        Range("10.0.0.0/8", "private network (RFC 1918)"),
        Range("172.16.0.0/12", "private network (RFC 1918)"),
        Range("192.168.0.0/16", "private network (RFC 1918)"),
        Range("169.254.0.0/16", "link-local"),
        Range("100.64.0.0/10", "carrier-grade NAT (100.64.0.0/10)"),
        Range("224.0.0.0/4", "multicast"),
        Range("192.0.0.0/24", "IETF protocol assignments (192.0.0.0/24)"),
        Range("192.0.2.0/24", "documentation range"),
        Range("198.51.100.0/24", "documentation range"),
        Range("203.0.113.0/24", "documentation range"),
        Range("198.18.0.0/15", "benchmarking range"),
        Range("240.0.0.0/4", "reserved (240.0.0.0/4)"),
    ];

    public static readonly IReadOnlyList<(CidrBlock Block, string Reason)> IPv6 =
    [
        Range("::/128", "unspecified address (::)"),
        Range("::1/128", "loopback"),
        Range("fe80::/10", "link-local"),
        Range("fec0::/10", "site-local"),
        Range("fc00::/7", "unique local address (fc00::/7)"),
        Range("ff00::/8", "multicast"),
        Range("2001:db8::/32", "documentation range"),
        Range("2001:2::/48", "benchmarking range"),
    ];

    // Everything routable on the internet is in 2000::/3; the rest is reserved or special-purpose.
    public static readonly CidrBlock GlobalUnicast = CidrBlock.Parse("2000::/3");

    private static (CidrBlock, string) Range(string cidr, string reason) => (CidrBlock.Parse(cidr), $"{reason}, {cidr}");
}
