using Hookline.Core.Inbound;
using Microsoft.Extensions.Options;

namespace Hookline.Server.Api;

/// <summary>The base of the <c>ingest_url</c>s shown: <c>Hookline:Inbound:PublicBaseUrl</c>, else the URL the caller used.</summary>
public sealed class InboundBaseUrl(IOptions<InboundOptions> options)
{
    public string For(HttpContext context) =>
        options.Value.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}";
}
