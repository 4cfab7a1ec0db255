using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Hookline.Core.Protection;

/// <summary>
/// Keeps deliveries away from internal networks: <see cref="Validate"/> gives early feedback when an
/// endpoint is created, and <see cref="CreateConnectCallback"/> enforces the policy on the address a
/// connection is actually opened to, so a DNS answer that changes between check and use (rebinding)
/// gains nothing.
/// </summary>
/// <remarks>
/// The handler using the callback must not use a proxy (<c>UseProxy = false</c>): through a proxy
/// the callback would see the proxy's address, and the target would be resolved out of reach.
/// </remarks>
public sealed class SsrfGuard
{
    private readonly IDnsResolver _resolver;
    private readonly Func<IPEndPoint, CancellationToken, ValueTask<Stream>> _connect;

    public SsrfGuard(TargetAddressPolicy policy, IDnsResolver resolver)
        : this(policy, resolver, ConnectSocketAsync)
    {
    }

    public SsrfGuard(SsrfOptions options, IDnsResolver resolver)
        : this(new TargetAddressPolicy(options), resolver)
    {
    }

    // The connect step is replaceable so tests can stand a local server in for a public address.
    internal SsrfGuard(TargetAddressPolicy policy, IDnsResolver resolver, Func<IPEndPoint, CancellationToken, ValueTask<Stream>> connect)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(resolver);
        Policy = policy;
        _resolver = resolver;
        _connect = connect;
    }

    public TargetAddressPolicy Policy { get; }

    /// <summary>Null when the URL may be used as an endpoint, otherwise why it may not.</summary>
    public string? Validate(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return "The URL must be absolute, such as https://example.com/webhooks.";
        }
        var options = Policy.Options;
        if (options.HttpsOnly && url.Scheme != Uri.UriSchemeHttps)
        {
            return "The URL must use https.";
        }
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return "The URL must use http or https.";
        }
        if (url.UserInfo.Length > 0)
        {
            return "The URL must not contain a user name or password; use custom headers for credentials.";
        }
        var host = NormalizeHost(url.IdnHost);
        if (host.Length == 0)
        {
            return "The URL must have a host.";
        }
        if (IPAddress.TryParse(host, out var literal))
        {
            var verdict = Policy.Classify(literal);
            return verdict.IsAllowed ? null : $"The URL points at a forbidden address: {verdict.Reason}.";
        }
        if (!options.AllowPrivateTargets && IsLocalhostName(host))
        {
            return "The URL points at localhost, which is forbidden.";
        }
        return null;
    }

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host, refuses the
    /// connection with <see cref="BlockedTargetException"/> when ANY resolved address is forbidden,
    /// and otherwise connects to the resolved addresses in order. Refusing on any forbidden address,
    /// rather than skipping it, is deliberate: a name that mixes public and internal answers is
    /// either misconfigured or an attack, and skipping would make the outcome depend on DNS order.
    /// </summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> CreateConnectCallback() => ConnectAsync;

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var host = NormalizeHost(endpoint.Host);
        IReadOnlyList<IPAddress> addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await _resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        foreach (var address in addresses)
        {
            var verdict = Policy.Classify(address);
            if (!verdict.IsAllowed)
            {
                throw new BlockedTargetException($"Connection to {endpoint.Host} refused: {verdict.Reason}.");
            }
        }
        Exception? last = null;
        foreach (var address in addresses)
        {
            try
            {
                return await _connect(new IPEndPoint(address, endpoint.Port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }
        throw last!;
    }

    private static async ValueTask<Stream> ConnectSocketAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // Hosts reach us bracketed, with IPv6 zone ids, or with a trailing root dot; all of them name
    // the same address, so they are stripped before deciding whether the host is a literal.
    private static string NormalizeHost(string host)
    {
        var h = host.Trim();
        if (h.StartsWith('[') && h.EndsWith(']'))
        {
            h = h[1..^1];
        }
        var zone = h.IndexOf('%', StringComparison.Ordinal);
        if (zone >= 0 && h.Contains(':', StringComparison.Ordinal))
        {
            h = h[..zone];
        }
        return h.TrimEnd('.');
    }

    private static bool IsLocalhostName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
}
