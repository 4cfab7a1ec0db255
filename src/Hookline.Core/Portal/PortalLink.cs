using System.Security.Cryptography;

namespace Hookline.Core.Portal;

/// <summary>
/// A short-lived, single-use link that signs its holder into the admin UI scoped to one app. Only the
/// token's SHA-256 is stored; the token itself is shown once, in the link.
/// </summary>
public sealed record PortalLink
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string TokenHash { get; init; }
    public string? BrandName { get; init; }
    public string? BrandLogoUrl { get; init; }
    public string? BrandColor { get; init; }
    /// <summary>How long the session opened by the link lasts.</summary>
    public required TimeSpan SessionLength { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; init; }
}

public static class PortalTokens
{
    public const string Prefix = "hlp_";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
