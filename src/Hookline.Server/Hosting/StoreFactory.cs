using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Storage.Postgres;
using Hookline.Storage.Sqlite;

namespace Hookline.Server.Hosting;

public static class StoreFactory
{
    public static IHooklineStore Create(HooklineOptions options, ISecretProtector protector, TimeProvider clock) => options.Storage switch
    {
        "sqlite" => new SqliteStore(options.ResolvedConnectionString, protector, clock, new SqliteOptions { Synchronous = options.SqliteSynchronous }),
        "postgres" => new PostgresStore(options.ResolvedConnectionString, protector, clock),
        _ => throw new InvalidOperationException($"Hookline:Storage '{options.Storage}' is not one of: sqlite, postgres"),
    };
}
