using System.Security.Claims;

namespace Hookline.Server.Api.Auth;

/// <summary>
/// A <see cref="Caller"/> as claims, the same whether it came from a bearer key or an admin-UI session.
/// A session also carries the key's hash (never the key) so that a revoked key ends its sessions.
/// </summary>
public static class CallerPrincipal
{
    public const string KeyIdClaim = "hookline:key_id";
    public const string AppIdClaim = "hookline:app_id";
    public const string KeyHashClaim = "hookline:key_hash";
    public const string PortalClaim = "hookline:portal";

    public static ClaimsPrincipal For(Caller caller, string scheme, IEnumerable<Claim>? extra = null)
    {
        var claims = new List<Claim> { new(KeyIdClaim, caller.KeyId), new(ClaimTypes.Name, caller.KeyId) };
        if (caller.AppId is not null)
        {
            claims.Add(new Claim(AppIdClaim, caller.AppId));
        }
        claims.AddRange(extra ?? []);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static Caller? Read(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true || user.FindFirst(KeyIdClaim)?.Value is not { } keyId)
        {
            return null;
        }
        return new Caller(keyId, user.FindFirst(AppIdClaim)?.Value);
    }
}
