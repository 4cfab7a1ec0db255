using System.Net;
using System.Net.Sockets;

namespace Hookline.Core.Protection;

/// <summary>
/// Decides whether Hookline may connect to an IP address. IPv6 forms that carry an IPv4 address
/// (mapped, compatible, NAT64, 6to4, Teredo) are judged by the IPv4 address they lead to, since
/// that is where the packets end up.
/// </summary>
public sealed class TargetAddressPolicy
{
    private readonly IReadOnlyList<CidrBlock> _allowed;

    public TargetAddressPolicy(SsrfOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _allowed = options.AllowedCidrs.Select(text => CidrBlock.TryParse(text, out var block)
            ? block
            : throw new ArgumentException($"AllowedCidrs entry '{text}' is not a CIDR block such as 10.0.0.0/8 or fc00::/7.", nameof(options))).ToList();
    }

    public SsrfOptions Options { get; }

    public bool IsAllowed(IPAddress address) => Classify(address).IsAllowed;

    public AddressVerdict Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Options.AllowPrivateTargets)
        {
            return AddressVerdict.Allowed;
        }
        var embedded = EmbeddedIPv4.TryExtract(address, out var v4, out var form);
        if (IsOnAllowList(address) || (embedded && v4 is not null && IsOnAllowList(v4)))
        {
            return AddressVerdict.Allowed;
        }
        if (embedded)
        {
            if (v4 is null)
            {
                return AddressVerdict.Forbidden($"{address} is a {form} address whose IPv4 part can't be read");
            }
            var inner = ClassifyPlain(v4);
            return inner.IsAllowed ? inner : AddressVerdict.Forbidden($"{address} is a {form} address for {v4}: {inner.Reason}");
        }
        return ClassifyPlain(address);
    }

    private bool IsOnAllowList(IPAddress address) => _allowed.Any(block => block.Contains(address));

    private static AddressVerdict ClassifyPlain(IPAddress address)
    {
        foreach (var (block, reason) in ForbiddenRanges.Metadata)
        {
            if (block.Contains(address))
            {
                return AddressVerdict.Forbidden($"{address} is a {reason}");
            }
        }
        var table = address.AddressFamily == AddressFamily.InterNetwork ? ForbiddenRanges.IPv4 : ForbiddenRanges.IPv6;
        foreach (var (block, reason) in table)
        {
            if (block.Contains(address))
            {
                return AddressVerdict.Forbidden($"{address} is {reason}");
            }
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !ForbiddenRanges.GlobalUnicast.Contains(address))
        {
            return AddressVerdict.Forbidden($"{address} is outside IPv6 global unicast, 2000::/3");
        }
        return AddressVerdict.Allowed;
    }
}
