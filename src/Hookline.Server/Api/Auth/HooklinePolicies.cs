using Microsoft.AspNetCore.Authorization;

namespace Hookline.Server.Api.Auth;

/// <summary>
/// The two authorization policies, shared by the API and the admin UI: <see cref="App"/> (any valid
/// caller; what it may see is then limited to its app) and <see cref="Admin"/> (an admin key).
/// </summary>
public static class HooklinePolicies
{
    public const string App = "hookline.app";
    public const string Admin = "hookline.admin";
    public const string AdminOnly = "this action needs an admin API key";

    public static bool IsCaller(System.Security.Claims.ClaimsPrincipal user) => CallerPrincipal.Read(user) is not null;

    public static bool IsAdmin(System.Security.Claims.ClaimsPrincipal user) => CallerPrincipal.Read(user) is { IsAdmin: true };

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(App, p => p.RequireAuthenticatedUser().RequireAssertion(c => IsCaller(c.User)));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireAssertion(c => IsAdmin(c.User)));
    }
}
