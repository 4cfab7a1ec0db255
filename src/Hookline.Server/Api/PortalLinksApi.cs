using Hookline.Core.Ids;
using Hookline.Core.Portal;
using Hookline.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hookline.Server.Api;

public sealed record PortalBrandingRequest(string? Name = null, string? LogoUrl = null, string? Color = null);

public sealed record PortalLinkRequest(double? ExpiresInSeconds = null, double? SessionSeconds = null, PortalBrandingRequest? Branding = null);

public sealed record PortalLinkResponse(string Id, string AppId, string Url, DateTimeOffset ExpiresAt, double SessionSeconds);

/// <summary>Portal links: hand an app's own customers a page to manage their webhooks, without an API key.</summary>
public static class PortalLinksApi
{
    public const string IdPrefix = "prl";

    public static RouteGroupBuilder MapPortalLinksApi(this RouteGroupBuilder api)
    {
        api.MapPost("/apps/{app}/portal-links", CreateAsync).WithTags("Portal")
            .WithSummary("A short-lived, single-use link that signs its holder into /admin scoped to this app");
        return api;
    }

    private static async Task<Created<PortalLinkResponse>> CreateAsync(string app, PortalLinkRequest? request, HttpContext context, IHooklineStore store, TimeProvider clock)
    {
        var owner = await AppScope.ResolveAsync(context, app);
        var branding = request?.Branding;
        var v = new Validator();
        PortalLinkRules.Validate(v, request?.ExpiresInSeconds, request?.SessionSeconds, branding?.Name, branding?.LogoUrl, branding?.Color);
        v.ThrowIfInvalid();
        var now = clock.GetUtcNow();
        var token = PortalTokens.Generate();
        var link = new PortalLink
        {
            Id = IdGenerator.New(IdPrefix, clock),
            AppId = owner.Id,
            TokenHash = PortalTokens.Hash(token),
            BrandName = branding?.Name,
            BrandLogoUrl = branding?.LogoUrl,
            BrandColor = branding?.Color,
            SessionLength = request?.SessionSeconds is { } s ? TimeSpan.FromSeconds(s) : PortalLinkRules.DefaultSession,
            CreatedAt = now,
            ExpiresAt = now + (request?.ExpiresInSeconds is { } e ? TimeSpan.FromSeconds(e) : PortalLinkRules.DefaultExpiry),
        };
        await store.PortalLinks.CreateAsync(link, context.RequestAborted);
        var url = $"{context.Request.Scheme}://{context.Request.Host}/admin/portal/{token}";
        return TypedResults.Created((string?)null, new PortalLinkResponse(link.Id, owner.Id, url, link.ExpiresAt, link.SessionLength.TotalSeconds));
    }
}
