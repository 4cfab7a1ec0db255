namespace Hookline.Core.Protection;

/// <summary>Which delivery targets Hookline may connect to. See docs/protection.md.</summary>
public sealed class SsrfOptions
{
    /// <summary>
    /// Default false. When true, every address is allowed: loopback, private, link-local, CGNAT,
    /// metadata and the rest. Meant for deployments where every endpoint is trusted and internal;
    /// prefer <see cref="AllowedCidrs"/> to open only the networks you need.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>
    /// Default empty. Networks (CIDR, IPv4 or IPv6) that are allowed even though they fall in a
    /// forbidden range. An entry covering a cloud metadata address opens it too.
    /// </summary>
    public IList<string> AllowedCidrs { get; set; } = [];

    /// <summary>Default false. When true, endpoint URLs must use https.</summary>
    public bool HttpsOnly { get; set; }
}
