using Hookline.Client.Models;

namespace Hookline.Client.Resources;

/// <summary>An app's delivery analytics, served from rollups.</summary>
public sealed class AnalyticsClient
{
    private readonly ApiConnection _api;

    internal AnalyticsClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/analytics";

    /// <summary>Totals, success rate, latency percentiles and errors between <paramref name="since"/> and <paramref name="until"/> (default: the last 24 h).</summary>
    public Task<AnalyticsOverview> GetOverviewAsync(string app, DateTimeOffset? since = null, DateTimeOffset? until = null, CancellationToken ct = default) =>
        _api.GetAsync<AnalyticsOverview>(ApiConnection.WithQuery($"{Base(app)}/overview", Query.Of(("since", Query.Time(since)), ("until", Query.Time(until)))), ct);

    /// <param name="interval">minute, hour (the default) or day.</param>
    public Task<AnalyticsTrends> GetTrendsAsync(string app, DateTimeOffset? since = null, DateTimeOffset? until = null, string? interval = null,
        CancellationToken ct = default) =>
        _api.GetAsync<AnalyticsTrends>(ApiConnection.WithQuery($"{Base(app)}/trends",
            Query.Of(("since", Query.Time(since)), ("until", Query.Time(until)), ("interval", interval))), ct);
}

/// <summary>An app's alert rules.</summary>
public sealed class AlertRulesClient
{
    private readonly ApiConnection _api;

    internal AlertRulesClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/alert-rules";

    public Task<AlertRule> CreateAsync(string app, AlertRuleOptions rule, CancellationToken ct = default) => _api.PostAsync<AlertRule>(Base(app), Body(rule), ct);

    public IAsyncEnumerable<AlertRule> ListAsync(string app, int? pageSize = null, CancellationToken ct = default) =>
        _api.ListAsync<AlertRule>(Base(app), Query.Of(("limit", Query.Number(pageSize))), ct);

    public Task<AlertRule> GetAsync(string app, string rule, CancellationToken ct = default) => _api.GetAsync<AlertRule>($"{Base(app)}/{ApiConnection.Segment(rule)}", ct);

    /// <summary>Changes the non-null fields of <paramref name="changes"/>.</summary>
    public Task<AlertRule> UpdateAsync(string app, string rule, AlertRuleOptions changes, CancellationToken ct = default) =>
        _api.PatchAsync<AlertRule>($"{Base(app)}/{ApiConnection.Segment(rule)}", Body(changes), ct);

    public Task DeleteAsync(string app, string rule, CancellationToken ct = default) => _api.DeleteAsync($"{Base(app)}/{ApiConnection.Segment(rule)}", ct);

    // The API takes the period as seconds (or text like "5m"); a TimeSpan is sent as seconds.
    private static RuleBody Body(AlertRuleOptions rule) => new(rule.Metric, rule.Threshold, rule.Period?.TotalSeconds, rule.EndpointId);

    private sealed record RuleBody(string? Metric, double? Threshold, double? Period, string? EndpointId);
}

/// <summary>Exports of messages and deliveries (CSV or JSON, streamed) and their audit trail.</summary>
public sealed class ExportsClient
{
    private readonly ApiConnection _api;

    internal ExportsClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/exports";

    /// <summary>Opens an export of the app's messages; read <see cref="ExportDownload.Content"/> as it streams, then dispose it.</summary>
    /// <param name="format">csv or json.</param>
    public Task<ExportDownload> OpenMessagesAsync(string app, string format, MessageExportFilter? filter = null, CancellationToken ct = default)
    {
        var f = filter ?? new MessageExportFilter();
        return OpenAsync($"{Base(app)}/messages.{Format(format)}", Query.Of(
            ("event_type", f.EventType), ("channel", f.Channel), ("since", Query.Time(f.Since)), ("until", Query.Time(f.Until))), ct);
    }

    /// <summary>Opens an export of the app's deliveries (the delivery list's filters).</summary>
    /// <param name="format">csv or json.</param>
    public Task<ExportDownload> OpenDeliveriesAsync(string app, string format, DeliveryFilter? filter = null, CancellationToken ct = default)
    {
        var f = filter ?? new DeliveryFilter();
        return OpenAsync($"{Base(app)}/deliveries.{Format(format)}", Query.Of(
            ("status", f.Status), ("endpoint_id", f.EndpointId), ("event_type", f.EventType), ("message_id", f.MessageId),
            ("since", Query.Time(f.Since)), ("until", Query.Time(f.Until))), ct);
    }

    /// <summary>The export audit trail, newest first; an app-scoped key sees its own app's.</summary>
    public IAsyncEnumerable<ExportRecord> ListAsync(string? appId = null, int? pageSize = null, CancellationToken ct = default) =>
        _api.ListAsync<ExportRecord>("api/v1/exports", Query.Of(("limit", Query.Number(pageSize)), ("app_id", appId)), ct);

    private async Task<ExportDownload> OpenAsync(string path, IReadOnlyDictionary<string, string?> query, CancellationToken ct)
    {
        var response = await _api.GetStreamingAsync(ApiConnection.WithQuery(path, query), ct).ConfigureAwait(false);
        try
        {
            var id = response.Headers.TryGetValues("X-Hookline-Export-Id", out var values) ? values.FirstOrDefault() : null;
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return new ExportDownload(response, stream, id ?? "", response.Content.Headers.ContentType?.MediaType ?? "");
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static string Format(string format) => format is "csv" or "json"
        ? format
        : throw new ArgumentException("format is csv or json", nameof(format));
}

/// <summary>An export being received. <see cref="ExportId"/> names its record in <see cref="ExportsClient.ListAsync"/>.</summary>
public sealed class ExportDownload : IAsyncDisposable, IDisposable
{
    private readonly HttpResponseMessage _response;

    internal ExportDownload(HttpResponseMessage response, Stream content, string exportId, string contentType)
    {
        _response = response;
        Content = content;
        ExportId = exportId;
        ContentType = contentType;
    }

    public Stream Content { get; }
    public string ExportId { get; }
    /// <summary>text/csv or application/json.</summary>
    public string ContentType { get; }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }

    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }
}

/// <summary>The audit log: every change made through the API.</summary>
public sealed class AuditLogClient
{
    private readonly ApiConnection _api;

    internal AuditLogClient(ApiConnection api) => _api = api;

    /// <summary>Entries newest first; an app-scoped key sees its own app's.</summary>
    public IAsyncEnumerable<AuditEntry> ListAsync(AuditFilter? filter = null, int? pageSize = null, CancellationToken ct = default)
    {
        var f = filter ?? new AuditFilter();
        return _api.ListAsync<AuditEntry>("api/v1/audit-log", Query.Of(
            ("limit", Query.Number(pageSize)), ("actor", f.Actor), ("target_id", f.TargetId), ("app_id", f.AppId),
            ("since", Query.Time(f.Since)), ("until", Query.Time(f.Until))), ct);
    }
}

/// <summary>Portal links: a page for an app's own customers to manage their webhooks, without an API key.</summary>
public sealed class PortalLinksClient
{
    private readonly ApiConnection _api;

    internal PortalLinksClient(ApiConnection api) => _api = api;

    public Task<PortalLink> CreateAsync(string app, PortalLinkOptions? options = null, CancellationToken ct = default) =>
        _api.PostAsync<PortalLink>($"api/v1/apps/{ApiConnection.Segment(app)}/portal-links",
            new LinkBody(options?.ExpiresIn?.TotalSeconds, options?.Session?.TotalSeconds, options?.Branding), ct);

    private sealed record LinkBody(double? ExpiresInSeconds, double? SessionSeconds, PortalBranding? Branding);
}
