using Dapper;
using Hookline.Core.EventTypes;
using Hookline.Core.Paging;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class EventTypeStore(Db db) : IEventTypeStore
{
    private const string Columns = "name, description, json_schema, archived, created_at, updated_at";

    public Task CreateAsync(EventType eventType, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            $"INSERT INTO event_types ({Columns}) VALUES (@Name, @Description, @JsonSchema, @Archived, @CreatedAt, @UpdatedAt)",
            ToRow(eventType), t), ct);

    public Task<EventType?> GetAsync(string name, CancellationToken ct = default) =>
        db.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM event_types WHERE name = @name", new { name }).ConfigureAwait(false))?.ToEventType(), ct);

    public Task<Page<EventType>> ListAsync(PageRequest page, bool includeArchived, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<Row>(
                $"SELECT {Columns} FROM event_types WHERE (@after IS NULL OR name > @after) AND (@all = 1 OR archived = 0) ORDER BY name LIMIT @take OFFSET @offset",
                new { after = page.After, all = includeArchived ? 1L : 0L, take = (long)page.Limit + 1, offset = (long)page.Offset }).ConfigureAwait(false);
            return PageRequest.ToPage(rows.Select(r => r.ToEventType()).ToList(), page.Limit, e => e.Name);
        }, ct);

    public Task UpdateAsync(EventType eventType, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "UPDATE event_types SET description = @Description, json_schema = @JsonSchema, archived = @Archived, updated_at = @UpdatedAt WHERE name = @Name",
            ToRow(eventType), t), ct);

    private static Row ToRow(EventType e) => new()
    {
        Name = e.Name,
        Description = e.Description,
        JsonSchema = e.Schema,
        Archived = e.Archived ? 1 : 0,
        CreatedAt = e.CreatedAt.ToMs(),
        UpdatedAt = e.UpdatedAt.ToMs(),
    };

    private sealed class Row
    {
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public string? JsonSchema { get; set; }
        public long Archived { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public EventType ToEventType() => new()
        {
            Name = Name,
            Description = Description,
            Schema = JsonSchema,
            Archived = Archived != 0,
            CreatedAt = Time.FromMs(CreatedAt),
            UpdatedAt = Time.FromMs(UpdatedAt),
        };
    }
}
