using Dapper;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class SettingsStore(Db db) : ISettingsStore
{
    public Task<string?> GetAsync(string name, CancellationToken ct = default) =>
        db.ReadAsync(c => c.QueryFirstOrDefaultAsync<string?>("SELECT value FROM settings WHERE name = @name", new { name }), ct);

    public Task<string> GetOrAddAsync(string name, string value, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // Insert-or-nothing, so of two nodes starting together the first one's value stands for both.
            await c.ExecuteAsync(
                "INSERT INTO settings (name, value, updated_at) VALUES (@name, @value, @now) ON CONFLICT (name) DO NOTHING",
                new { name, value, now = now.ToMs() }, t).ConfigureAwait(false);
            return await c.QuerySingleAsync<string>("SELECT value FROM settings WHERE name = @name", new { name }, t).ConfigureAwait(false);
        }, ct);
}
