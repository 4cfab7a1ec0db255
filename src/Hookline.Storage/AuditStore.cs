using Dapper;
using Hookline.Core.Audit;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class AuditStore(Db db) : IAuditStore
{
    private const string Columns = "id, actor, app_id, action, target_type, target_id, method, path, status_code, fields, created_at";

    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            $"INSERT INTO audit_log ({Columns}) VALUES (@Id, @Actor, @AppId, @Action, @TargetType, @TargetId, @Method, @Path, @StatusCode, @Fields, @CreatedAt)",
            new
            {
                entry.Id,
                entry.Actor,
                entry.AppId,
                entry.Action,
                entry.TargetType,
                entry.TargetId,
                entry.Method,
                entry.Path,
                StatusCode = (long)entry.StatusCode,
                Fields = StoreJson.Write(entry.Fields),
                CreatedAt = entry.CreatedAt.ToMs(),
            }, t), ct);

    public Task<Page<AuditEntry>> ListAsync(AuditQuery query, PageRequest page, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<Row>(
                $"""
                SELECT {Columns} FROM audit_log
                WHERE (@after IS NULL OR id < @after)
                  AND (@actor IS NULL OR actor = @actor)
                  AND (@targetId IS NULL OR target_id = @targetId)
                  AND (@appId IS NULL OR app_id = @appId)
                  AND (@since IS NULL OR created_at >= @since)
                  AND (@until IS NULL OR created_at < @until)
                ORDER BY id DESC LIMIT @take OFFSET @offset
                """,
                new
                {
                    after = page.After,
                    actor = query.Actor,
                    targetId = query.TargetId,
                    appId = query.AppId,
                    since = query.Since.ToMs(),
                    until = query.Until.ToMs(),
                    take = (long)page.Limit + 1,
                    offset = (long)page.Offset,
                }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToEntry()).ToList(), page.Limit, e => e.Id);
        }, ct);

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string Actor { get; set; } = "";
        public string? AppId { get; set; }
        public string Action { get; set; } = "";
        public string TargetType { get; set; } = "";
        public string? TargetId { get; set; }
        public string Method { get; set; } = "";
        public string Path { get; set; } = "";
        public long StatusCode { get; set; }
        public string Fields { get; set; } = "[]";
        public long CreatedAt { get; set; }

        public AuditEntry ToEntry() => new()
        {
            Id = Id,
            Actor = Actor,
            AppId = AppId,
            Action = Action,
            TargetType = TargetType,
            TargetId = TargetId,
            Method = Method,
            Path = Path,
            StatusCode = (int)StatusCode,
            Fields = StoreJson.Read<List<string>>(Fields),
            CreatedAt = Time.FromMs(CreatedAt),
        };
    }
}
