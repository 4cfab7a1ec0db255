using Dapper;
using Hookline.Core.Apps;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class AppStore(Db db) : IAppStore
{
    private const string Columns = "id, uid, name, metadata, created_at, updated_at, environment";

    public Task CreateAsync(App app, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            $"INSERT INTO apps ({Columns}) VALUES (@Id, @Uid, @Name, @Metadata, @CreatedAt, @UpdatedAt, @Environment)", ToRow(app), t), ct);

    public Task<App?> GetAsync(string idOrUid, CancellationToken ct = default) =>
        db.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<AppRow>(
            $"SELECT {Columns} FROM apps WHERE id = @idOrUid OR uid = @idOrUid ORDER BY CASE WHEN id = @idOrUid THEN 0 ELSE 1 END LIMIT 1",
            new { idOrUid }).ConfigureAwait(false))?.ToApp(), ct);

    public Task<Page<App>> ListAsync(PageRequest page, CancellationToken ct = default, string? environment = null) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<AppRow>(
                $"SELECT {Columns} FROM apps WHERE (@after IS NULL OR id < @after) AND (@environment IS NULL OR environment = @environment) ORDER BY id DESC LIMIT @take OFFSET @offset",
                new { after = page.After, environment, take = (long)page.Limit + 1, offset = (long)page.Offset }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToApp()).ToList(), page.Limit, a => a.Id);
        }, ct);

    /// <summary>Moves the credentials generation too: servers cache apps under it.</summary>
    public Task UpdateAsync(App app, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                "UPDATE apps SET uid = @Uid, name = @Name, metadata = @Metadata, environment = @Environment, updated_at = @UpdatedAt WHERE id = @Id", ToRow(app), t).ConfigureAwait(false);
            await ApiKeyStore.BumpCredentialsGenerationAsync(c, t).ConfigureAwait(false);
        }, ct);

    public Task<bool> DeleteAsync(string id, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var p = new { id };
            await c.ExecuteAsync("DELETE FROM attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE app_id = @id)", p, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM deliveries WHERE app_id = @id", p, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM messages WHERE app_id = @id", p, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM endpoint_secrets WHERE endpoint_id IN (SELECT id FROM endpoints WHERE app_id = @id)", p, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM endpoint_leases WHERE endpoint_id IN (SELECT id FROM endpoints WHERE app_id = @id)", p, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM endpoints WHERE app_id = @id", p, t).ConfigureAwait(false);
            await AppEndpointCache.BumpAsync(c, t, id).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM api_keys WHERE app_id = @id", p, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM template_versions WHERE template_id IN (SELECT id FROM templates WHERE app_id = @id)", p, t).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM templates WHERE app_id = @id", p, t).ConfigureAwait(false);
            await SourceStore.DeleteForAppAsync(c, t, id).ConfigureAwait(false);
            await ApiKeyStore.BumpCredentialsGenerationAsync(c, t).ConfigureAwait(false);
            return await c.ExecuteAsync("DELETE FROM apps WHERE id = @id", p, t).ConfigureAwait(false) > 0;
        }, ct);

    private static AppRow ToRow(App app) => new()
    {
        Id = app.Id,
        Uid = app.Uid,
        Environment = app.Environment,
        Name = app.Name,
        Metadata = StoreJson.Write(app.Metadata),
        CreatedAt = app.CreatedAt.ToMs(),
        UpdatedAt = app.UpdatedAt.ToMs(),
    };

    private sealed class AppRow
    {
        public string Id { get; set; } = "";
        public string? Uid { get; set; }
        public string? Environment { get; set; }
        public string Name { get; set; } = "";
        public string Metadata { get; set; } = "{}";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public App ToApp() => new()
        {
            Id = Id,
            Uid = Uid,
            Environment = Environment,
            Name = Name,
            Metadata = StoreJson.Read<Dictionary<string, string>>(Metadata),
            CreatedAt = Time.FromMs(CreatedAt),
            UpdatedAt = Time.FromMs(UpdatedAt),
        };
    }
}
