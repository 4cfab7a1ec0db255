using Dapper;
using Hookline.Core.Portal;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class PortalLinkStore(Db db) : IPortalLinkStore
{
    public Task CreateAsync(PortalLink link, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            """
            INSERT INTO portal_links (id, app_id, token_hash, brand_name, brand_logo_url, brand_color, session_seconds, created_at, expires_at)
            VALUES (@Id, @AppId, @TokenHash, @BrandName, @BrandLogoUrl, @BrandColor, @SessionSeconds, @CreatedAt, @ExpiresAt)
            """,
            new
            {
                link.Id,
                link.AppId,
                link.TokenHash,
                link.BrandName,
                link.BrandLogoUrl,
                link.BrandColor,
                SessionSeconds = (long)link.SessionLength.TotalSeconds,
                CreatedAt = link.CreatedAt.ToMs(),
                ExpiresAt = link.ExpiresAt.ToMs(),
            }, t), ct);

    public Task<PortalLink?> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // One conditional UPDATE decides the race: only the first use finds used_at still empty.
            var won = await c.ExecuteAsync(
                "UPDATE portal_links SET used_at = @now WHERE token_hash = @tokenHash AND used_at IS NULL AND expires_at > @now",
                new { tokenHash, now = now.ToMs() }, t).ConfigureAwait(false);
            if (won == 0)
            {
                return null;
            }
            var row = await c.QuerySingleAsync<Row>(
                "SELECT id, app_id, token_hash, brand_name, brand_logo_url, brand_color, session_seconds, created_at, expires_at, used_at FROM portal_links WHERE token_hash = @tokenHash",
                new { tokenHash }, t).ConfigureAwait(false);
            return row.ToLink();
        }, ct);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string AppId { get; set; } = "";
        public string TokenHash { get; set; } = "";
        public string? BrandName { get; set; }
        public string? BrandLogoUrl { get; set; }
        public string? BrandColor { get; set; }
        public long SessionSeconds { get; set; }
        public long CreatedAt { get; set; }
        public long ExpiresAt { get; set; }
        public long? UsedAt { get; set; }

        public PortalLink ToLink() => new()
        {
            Id = Id,
            AppId = AppId,
            TokenHash = TokenHash,
            BrandName = BrandName,
            BrandLogoUrl = BrandLogoUrl,
            BrandColor = BrandColor,
            SessionLength = TimeSpan.FromSeconds(SessionSeconds),
            CreatedAt = Time.FromMs(CreatedAt),
            ExpiresAt = Time.FromMs(ExpiresAt),
            UsedAt = Time.FromMs(UsedAt),
        };
    }
}
