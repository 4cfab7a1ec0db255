using System.Net;

namespace Hookline.Core.Protection;

/// <summary>Resolves a host name to addresses; injected so the SSRF guard can be tested without DNS.</summary>
public interface IDnsResolver
{
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}
