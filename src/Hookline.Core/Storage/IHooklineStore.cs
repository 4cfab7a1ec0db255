namespace Hookline.Core.Storage;

/// <summary>The store as a facade of small role interfaces; each provider implements all of them.</summary>
public interface IHooklineStore
{
    IAppStore Apps { get; }
    IEventTypeStore EventTypes { get; }
    IEndpointStore Endpoints { get; }
    IMessageStore Messages { get; }
    IDeliveryStore Deliveries { get; }
    IDeliveryQueue Queue { get; }
    IDeliveryLeases Leases { get; }
    ICircuitStateStore Circuits { get; }
    IApiKeyStore ApiKeys { get; }
    IIdempotencyStore Idempotency { get; }
    Monitoring.IMonitoringQueries Monitoring { get; }
    IPortalLinkStore PortalLinks { get; }
    ITemplateStore Templates { get; }
    ISettingsStore Settings { get; }
    INodeStore Nodes { get; }
    ISourceStore Sources { get; }
    IInboundEventStore InboundEvents { get; }
    IAnalyticsStore Analytics { get; }
    IExportStore Exports { get; }
    IAuditStore Audit { get; }
    IAlertRuleStore AlertRules { get; }
    IRetentionStore Retention { get; }
    IDataProtectionKeyStore DataProtectionKeys { get; }

    /// <summary>Brings the schema to the newest version; safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>True when the store answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken ct = default);
}
