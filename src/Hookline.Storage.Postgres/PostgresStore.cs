using Hookline.Core.Analytics;
using Hookline.Core.Security;

namespace Hookline.Storage.Postgres;

/// <summary>The relational store on PostgreSQL; dispose it to close its connection pool.</summary>
public sealed class PostgresStore : RelationalStore, IAsyncDisposable, IDisposable
{
    private readonly PostgresDialect _dialect;

    public PostgresStore(string connectionString, ISecretProtector protector, TimeProvider clock, AnalyticsOptions? analytics = null)
        : this(new PostgresDialect(connectionString), protector, clock, analytics)
    {
    }

    private PostgresStore(PostgresDialect dialect, ISecretProtector protector, TimeProvider clock, AnalyticsOptions? analytics)
        : base(dialect, protector, clock, analytics) => _dialect = dialect;

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    public void Dispose() => _dialect.Dispose();
}
