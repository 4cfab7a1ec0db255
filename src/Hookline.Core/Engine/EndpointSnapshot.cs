using Hookline.Core.Endpoints;

namespace Hookline.Core.Engine;

/// <summary>An endpoint as the engine last loaded it, with every secret (active ones are picked per attempt).</summary>
internal sealed record EndpointSnapshot(Endpoint Endpoint, IReadOnlyList<EndpointSecret> Secrets)
{
    public IReadOnlyList<string> ActiveSecrets(DateTimeOffset now) =>
        Secrets.Where(s => s.IsActive(now)).Select(s => s.Value).ToList();
}
