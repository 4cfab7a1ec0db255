using Dapper;
using Hookline.Core.Analytics;
using Hookline.Core.Security;
using Hookline.Core.Storage;

namespace Hookline.Storage;

/// <summary>The shared relational implementation of every role; a provider only supplies its <see cref="ISqlDialect"/>.</summary>
public class RelationalStore : IHooklineStore
{
    /// <summary>Most publishes one group commit takes; more wait for the next.</summary>
    internal const int GroupCommitMaxBatch = 256;

    private readonly Db _db;
    private readonly TimeProvider _clock;

    static RelationalStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public RelationalStore(ISqlDialect dialect, ISecretProtector protector, TimeProvider clock, AnalyticsOptions? analytics = null)
    {
        _db = new Db(dialect) { Rollups = (analytics ?? new AnalyticsOptions()).Rollups };
        _clock = clock;
        Apps = new AppStore(_db);
        EventTypes = new EventTypeStore(_db);
        Endpoints = new EndpointStore(_db, protector);
        var publishes = new GroupCommit(_db, new AppEndpointCache(), GroupCommitMaxBatch);
        Messages = new MessageStore(_db, publishes);
        Deliveries = new DeliveryStore(_db);
        Queue = new DeliveryQueue(_db);
        Leases = new DeliveryLeases(_db);
        Circuits = new CircuitStateStore(_db);
        ApiKeys = new ApiKeyStore(_db);
        Idempotency = new IdempotencyStore(_db);
        Monitoring = new MonitoringQueries(_db);
        PortalLinks = new PortalLinkStore(_db);
        Templates = new TemplateStore(_db);
        Settings = new SettingsStore(_db);
        Nodes = new NodeStore(_db);
        Sources = new SourceStore(_db, protector);
        InboundEvents = new InboundEventStore(_db, publishes);
        Analytics = new AnalyticsStore(_db);
        Exports = new ExportStore(_db);
        Audit = new AuditStore(_db);
        AlertRules = new AlertRuleStore(_db);
        Retention = new RetentionStore(_db);
        DataProtectionKeys = new DataProtectionKeyStore(_db);
    }

    public ISqlDialect Dialect => _db.Dialect;
    public IAppStore Apps { get; }
    public IEventTypeStore EventTypes { get; }
    public IEndpointStore Endpoints { get; }
    public IMessageStore Messages { get; }
    public IDeliveryStore Deliveries { get; }
    public IDeliveryQueue Queue { get; }
    public IDeliveryLeases Leases { get; }
    public ICircuitStateStore Circuits { get; }
    public IApiKeyStore ApiKeys { get; }
    public IIdempotencyStore Idempotency { get; }
    public Core.Monitoring.IMonitoringQueries Monitoring { get; }
    public IPortalLinkStore PortalLinks { get; }
    public ITemplateStore Templates { get; }
    public ISettingsStore Settings { get; }
    public INodeStore Nodes { get; }
    public ISourceStore Sources { get; }
    public IInboundEventStore InboundEvents { get; }
    public IAnalyticsStore Analytics { get; }
    public IExportStore Exports { get; }
    public IAuditStore Audit { get; }
    public IAlertRuleStore AlertRules { get; }
    public IRetentionStore Retention { get; }
    public IDataProtectionKeyStore DataProtectionKeys { get; }

    public Task MigrateAsync(CancellationToken ct = default) => Migrator.MigrateAsync(_db.Dialect, _clock, ct);

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            return await _db.ReadAsync(async c => await c.ExecuteScalarAsync<long>("SELECT 1").ConfigureAwait(false) == 1, ct).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Current schema version, for diagnostics.</summary>
    public Task<long> SchemaVersionAsync(CancellationToken ct = default) =>
        _db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(version), 0) FROM schema_version"), ct);
}
