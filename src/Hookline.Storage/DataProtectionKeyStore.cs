using Dapper;
using Hookline.Core.Storage;

namespace Hookline.Storage;

internal sealed class DataProtectionKeyStore(Db db) : IDataProtectionKeyStore
{
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<string>>(async c =>
            (await c.QueryAsync<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name").ConfigureAwait(false)).ToList(), ct);

    public Task AddAsync(string name, string xml, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @now) ON CONFLICT (name) DO NOTHING",
            new { name, xml, now = now.ToMs() }, t), ct);
}
