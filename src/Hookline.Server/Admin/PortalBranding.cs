using System.Security.Claims;

namespace Hookline.Server.Admin;

/// <summary>The name, logo and colour a portal link carries, held in its session's claims.</summary>
public sealed record PortalBranding(string? Name, string? LogoUrl, string? Color)
{
    public const string NameClaim = "hookline:brand_name";
    public const string LogoClaim = "hookline:brand_logo";
    public const string ColorClaim = "hookline:brand_color";

    public static PortalBranding? Read(ClaimsPrincipal user)
    {
        var name = user.FindFirst(NameClaim)?.Value;
        var logo = user.FindFirst(LogoClaim)?.Value;
        var color = user.FindFirst(ColorClaim)?.Value;
        return name is null && logo is null && color is null ? null : new PortalBranding(name, logo, color);
    }

    public IEnumerable<Claim> ToClaims()
    {
        if (Name is not null)
        {
            yield return new Claim(NameClaim, Name);
        }
        if (LogoUrl is not null)
        {
            yield return new Claim(LogoClaim, LogoUrl);
        }
        if (Color is not null)
        {
            yield return new Claim(ColorClaim, Color);
        }
    }
}
