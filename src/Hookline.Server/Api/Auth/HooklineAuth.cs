using Hookline.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Hookline.Server.Api.Auth;

/// <summary>
/// Authentication of Hookline: the API's bearer-key scheme and the admin UI's cookie scheme. Which one
/// a request uses is decided by its path, so a browser's cookie never authenticates an API call (the
/// API has no CSRF tokens) and a bearer key never opens an admin page.
/// </summary>
public static class HooklineAuth
{
    public const string ApiKeyScheme = "ApiKey";
    public const string CookieScheme = "HooklineAdmin";
    public const string SelectorScheme = "Hookline";
    public const string CookieName = "hookline_admin";
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddHooklineAuth(this IServiceCollection services, HooklineOptions options)
    {
        // Session cookies are encrypted with these keys; kept beside the data so sessions survive a restart.
        services.AddDataProtection()
            .SetApplicationName("Hookline")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "session-keys")));
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or admin session", o =>
                o.ForwardDefaultSelector = c => IsAdminPath(c.Request.Path) ? CookieScheme : ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/admin";
                o.ExpireTimeSpan = SessionLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = "/admin/login";
                o.LogoutPath = "/admin/logout";
                o.AccessDeniedPath = "/admin/denied";
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        services.AddAuthorization(HooklinePolicies.Add);
        return services;
    }

    public static bool IsAdminPath(PathString path) => path.StartsWithSegments("/admin");

    public static WebApplication UseHooklineAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        // A path under /api that matches no route still needs a key: without one the answer is 401,
        // as for every other /api path, so unauthenticated callers can't map the routes.
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is null && context.Request.Path.StartsWithSegments("/api") && CallerPrincipal.Read(context.User) is null)
            {
                await context.ChallengeAsync(ApiKeyScheme);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>A session ends when the key it was opened with is deleted (within the authenticator's cache time).</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var hash = context.Principal?.FindFirst(CallerPrincipal.KeyHashClaim)?.Value;
        if (hash is null)
        {
            // Portal sessions hold no key; they end with their cookie.
            if (context.Principal?.FindFirst(CallerPrincipal.PortalClaim) is null)
            {
                context.RejectPrincipal();
            }
            return;
        }
        var authenticator = context.HttpContext.RequestServices.GetRequiredService<ApiKeyAuthenticator>();
        var caller = await authenticator.AuthenticateHashAsync(hash, context.HttpContext);
        if (caller is null || caller != CallerPrincipal.Read(context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
        }
    }
}
