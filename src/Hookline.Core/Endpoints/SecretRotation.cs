namespace Hookline.Core.Endpoints;

/// <summary>
/// When the secrets of a rotation sign. Standard Webhooks schemes send one signature per active
/// secret, so the new one signs at once beside the old. Single-signature schemes (HMAC, JWT,
/// api-key) can send only one: the old secret keeps signing through its grace period, giving the
/// receiver time to take the new one, which signs from then on.
/// </summary>
public static class SecretRotation
{
    /// <summary>How long the replaced secret keeps signing when the rotation names no grace period.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromHours(24);

    /// <summary>The longest grace period a rotation may ask for.</summary>
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(7);

    /// <param name="scheme">The endpoint's signature scheme.</param>
    /// <param name="current">The endpoint's secrets before the rotation.</param>
    /// <param name="now">When the rotation happens.</param>
    /// <param name="previousExpiresAt">When the secret being replaced stops signing.</param>
    /// <returns>When the new secret starts signing.</returns>
    public static DateTimeOffset NewSecretSignsFrom(string scheme, IReadOnlyList<EndpointSecret> current, DateTimeOffset now, DateTimeOffset previousExpiresAt)
    {
        if (SignatureSchemes.SignsWithEverySecret(scheme))
        {
            return now;
        }
        // Older secrets still in their own grace period sign first (the signer takes the oldest active one).
        var last = previousExpiresAt;
        foreach (var secret in current)
        {
            if (secret.ExpiresAt is { } expires && expires > now && expires > last)
            {
                last = expires;
            }
        }
        return last;
    }
}
