using Hookline.Core.Portal;

namespace Hookline.Core.Storage;

public interface IPortalLinkStore
{
    Task CreateAsync(PortalLink link, CancellationToken ct = default);

    /// <summary>
    /// Marks the link with this token hash used and returns it, when it exists, is unexpired at
    /// <paramref name="now"/> and was not used before; null otherwise. Of two concurrent uses, one wins.
    /// </summary>
    Task<PortalLink?> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken ct = default);
}
