using Hookline.Core.Analytics;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Storage;
using Hookline.Storage.Postgres;
using Hookline.Storage.Sqlite;

namespace Hookline.Server.Hosting;

public static class StoreFactory
{
    public static IHooklineStore Create(HooklineOptions options, AnalyticsOptions analytics, ISecretProtector protector, TimeProvider clock) => options.StorageKind switch
    {
        StorageKind.Sqlite => new SqliteStore(options.ResolvedConnectionString, protector, clock, new SqliteOptions { Synchronous = options.SqliteSynchronous }, analytics),
        StorageKind.Postgres => new PostgresStore(options.ResolvedConnectionString, protector, clock, analytics),
        var other => throw new InvalidOperationException($"no store for {other}"),
    };
}
