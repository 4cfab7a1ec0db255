using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hookline.Server.Inbound;

public static class InboundOpenApi
{
    /// <summary>The <c>/in</c> routes take no Hookline API key: the document says so, overriding the API-wide bearer requirement.</summary>
    public static OpenApiOptions AddInboundOpenApi(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var path = context.Description.RelativePath ?? "";
            if (path == "in" || path.StartsWith("in/", StringComparison.Ordinal))
            {
                operation.Security = [];
                operation.Description = "No Hookline API key: the source's own verification (HMAC, provider signature, API key, basic auth, IP allow list) guards it.";
            }
            return Task.CompletedTask;
        });
}
