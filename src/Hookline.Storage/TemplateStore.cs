using System.Data.Common;
using Dapper;
using Hookline.Core.Paging;
using Hookline.Core.Storage;
using Hookline.Core.Templates;

namespace Hookline.Storage;

internal sealed class TemplateStore(Db db) : ITemplateStore
{
    private const string Current = """
        SELECT t.id AS Id, t.app_id AS AppId, t.version AS Version, t.created_at AS CreatedAt, t.updated_at AS UpdatedAt,
               v.name AS Name, v.description AS Description, v.event_types AS EventTypes, v.body AS Body, v.headers AS Headers,
               v.content_type AS ContentType
        FROM templates t JOIN template_versions v ON v.template_id = t.id AND v.version = t.version
        """;

    private const string VersionColumns = "template_id, version, name, description, event_types, body, headers, content_type, source_version, created_at";

    public Task CreateAsync(Template template, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync(
                "INSERT INTO templates (id, app_id, name, version, created_at, updated_at) VALUES (@Id, @AppId, @Name, @Version, @CreatedAt, @UpdatedAt)",
                new { template.Id, template.AppId, template.Name, template.Version, CreatedAt = template.CreatedAt.ToMs(), UpdatedAt = template.UpdatedAt.ToMs() }, t).ConfigureAwait(false);
            await InsertVersionAsync(c, t, template, null).ConfigureAwait(false);
        }, ct);

    public Task<Template?> GetAsync(string appId, string idOrName, CancellationToken ct = default) =>
        db.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<TemplateRow>(
            $"{Current} WHERE t.app_id = @appId AND (t.id = @idOrName OR t.name = @idOrName) ORDER BY CASE WHEN t.id = @idOrName THEN 0 ELSE 1 END LIMIT 1",
            new { appId, idOrName }).ConfigureAwait(false))?.ToTemplate(), ct);

    public Task<TemplateVersion?> GetVersionAsync(string templateId, int version, CancellationToken ct = default) =>
        db.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<VersionRow>(
            $"SELECT {VersionColumns} FROM template_versions WHERE template_id = @templateId AND version = @version",
            new { templateId, version = (long)version }).ConfigureAwait(false))?.ToVersion(), ct);

    public Task<Page<Template>> ListAsync(string appId, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<TemplateRow>(
                $"{Current} WHERE t.app_id = @appId AND (@after IS NULL OR t.id < @after) ORDER BY t.id DESC LIMIT @take",
                new { appId, after = page.After, take = (long)page.Limit + 1 }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToTemplate()).ToList(), page.Limit, x => x.Id);
        }, ct);

    public Task<Page<TemplateVersion>> ListVersionsAsync(string templateId, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            long? after = long.TryParse(page.After, out var v) ? v : null;
            var rows = await c.QueryAsync<VersionRow>(
                $"SELECT {VersionColumns} FROM template_versions WHERE template_id = @templateId AND (@after IS NULL OR version < @after) ORDER BY version DESC LIMIT @take",
                new { templateId, after, take = (long)page.Limit + 1 }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToVersion()).ToList(), page.Limit, x => x.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }, ct);

    public Task AddVersionAsync(Template template, int? sourceVersion, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // Compare-and-set on the version: two edits racing each other can't both become version N.
            var updated = await c.ExecuteAsync(
                "UPDATE templates SET version = @Version, name = @Name, updated_at = @UpdatedAt WHERE id = @Id AND app_id = @AppId AND version = @Previous",
                new { template.Id, template.AppId, template.Name, template.Version, Previous = template.Version - 1, UpdatedAt = template.UpdatedAt.ToMs() }, t).ConfigureAwait(false);
            if (updated == 0)
            {
                throw new ConflictException("the template was changed meanwhile");
            }
            await InsertVersionAsync(c, t, template, sourceVersion).ConfigureAwait(false);
        }, ct);

    public Task<bool> DeleteAsync(string appId, string id, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var deleted = await c.ExecuteAsync("DELETE FROM templates WHERE id = @id AND app_id = @appId", new { id, appId }, t).ConfigureAwait(false);
            if (deleted > 0)
            {
                await c.ExecuteAsync("DELETE FROM template_versions WHERE template_id = @id", new { id }, t).ConfigureAwait(false);
            }
            return deleted > 0;
        }, ct);

    private static Task InsertVersionAsync(DbConnection c, DbTransaction t, Template template, int? sourceVersion) =>
        c.ExecuteAsync(
            $"INSERT INTO template_versions ({VersionColumns}) VALUES (@TemplateId, @Version, @Name, @Description, @EventTypes, @Body, @Headers, @ContentType, @SourceVersion, @CreatedAt)",
            new
            {
                TemplateId = template.Id,
                Version = (long)template.Version,
                template.Name,
                template.Description,
                EventTypes = StoreJson.Write(template.EventTypes),
                template.Content.Body,
                Headers = StoreJson.Write(template.Content.Headers),
                template.Content.ContentType,
                SourceVersion = (long?)sourceVersion,
                CreatedAt = template.UpdatedAt.ToMs(),
            }, t);

    private sealed class TemplateRow
    {
        public string Id { get; set; } = "";
        public string AppId { get; set; } = "";
        public long Version { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public string EventTypes { get; set; } = "[]";
        public string Body { get; set; } = "\"\"";
        public string Headers { get; set; } = "{}";
        public string ContentType { get; set; } = TemplateContent.DefaultContentType;

        public Template ToTemplate() => new()
        {
            Id = Id,
            AppId = AppId,
            Name = Name,
            Description = Description,
            EventTypes = StoreJson.Read<List<string>>(EventTypes),
            Version = (int)Version,
            Content = new TemplateContent { Body = Body, Headers = StoreJson.Read<Dictionary<string, string>>(Headers), ContentType = ContentType },
            CreatedAt = Time.FromMs(CreatedAt),
            UpdatedAt = Time.FromMs(UpdatedAt),
        };
    }

    private sealed class VersionRow
    {
        public string TemplateId { get; set; } = "";
        public long Version { get; set; }
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public string EventTypes { get; set; } = "[]";
        public string Body { get; set; } = "\"\"";
        public string Headers { get; set; } = "{}";
        public string ContentType { get; set; } = TemplateContent.DefaultContentType;
        public long? SourceVersion { get; set; }
        public long CreatedAt { get; set; }

        public TemplateVersion ToVersion() => new()
        {
            TemplateId = TemplateId,
            Version = (int)Version,
            Name = Name,
            Description = Description,
            EventTypes = StoreJson.Read<List<string>>(EventTypes),
            Content = new TemplateContent { Body = Body, Headers = StoreJson.Read<Dictionary<string, string>>(Headers), ContentType = ContentType },
            SourceVersion = (int?)SourceVersion,
            CreatedAt = Time.FromMs(CreatedAt),
        };
    }
}
