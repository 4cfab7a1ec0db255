using System.Text.RegularExpressions;
using Hookline.Core.Validation;

namespace Hookline.Core.Portal;

/// <summary>Limits of a portal link: how long it and its session live, and what its branding may hold.</summary>
public static partial class PortalLinkRules
{
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultSession = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxSession = TimeSpan.FromHours(12);
    public const int MaxNameLength = 100;
    public const int MaxLogoUrlLength = 2048;

    public static void Validate(Validator v, double? expiresInSeconds, double? sessionSeconds, string? name, string? logoUrl, string? color)
    {
        v.Check(expiresInSeconds is null or (>= 60 and <= 604_800), "expires_in_seconds", "between 60 and 604800 (7 days)");
        v.Check(sessionSeconds is null or (>= 60 and <= 43_200), "session_seconds", "between 60 and 43200 (12 hours)");
        v.Check(name is null || (name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl)), "branding.name", $"1–{MaxNameLength} printable characters");
        v.Check(logoUrl is null || (logoUrl.Length <= MaxLogoUrlLength && Uri.TryCreate(logoUrl, UriKind.Absolute, out var u) && u.Scheme is "https" or "http"),
            "branding.logo_url", $"an absolute http or https URL of at most {MaxLogoUrlLength} characters");
        // The colour lands in a style sheet: only a plain hex colour can't break out of it.
        v.Check(color is null || HexColor().IsMatch(color), "branding.color", "a hex colour such as #3b5bdb");
    }

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();
}
