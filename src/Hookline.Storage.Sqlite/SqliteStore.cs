using Hookline.Core.Analytics;
using Hookline.Core.Security;

namespace Hookline.Storage.Sqlite;

public sealed class SqliteStore(string connectionString, ISecretProtector protector, TimeProvider clock, SqliteOptions? options = null,
    AnalyticsOptions? analytics = null)
    : RelationalStore(new SqliteDialect(connectionString, options), protector, clock, analytics);
