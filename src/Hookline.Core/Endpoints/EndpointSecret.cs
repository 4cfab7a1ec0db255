namespace Hookline.Core.Endpoints;

/// <summary>One signing secret of an endpoint. The current one has no expiry; rotated-out ones sign until <see cref="ExpiresAt"/>.</summary>
public sealed record EndpointSecret(string Value, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public bool IsActive(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}
