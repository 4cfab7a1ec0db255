using Hookline.Client.Models;

namespace Hookline.Client.Resources;

/// <summary>An app's inbound sources and the requests they received.</summary>
public sealed class SourcesClient
{
    private readonly ApiConnection _api;

    internal SourcesClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/sources";

    private static string One(string app, string source) => $"{Base(app)}/{ApiConnection.Segment(source)}";

    /// <summary>Creates a source; the answer's <c>verification.secret</c> (generated when not given) is shown this once.</summary>
    public Task<Source> CreateAsync(string app, SourceOptions source, CancellationToken ct = default) => _api.PostAsync<Source>(Base(app), source, ct);

    public IAsyncEnumerable<Source> ListAsync(string app, int? pageSize = null, CancellationToken ct = default) =>
        _api.ListAsync<Source>(Base(app), Query.Of(("limit", Query.Number(pageSize))), ct);

    /// <summary>A source with its <see cref="Source.Counters"/>.</summary>
    public Task<Source> GetAsync(string app, string source, CancellationToken ct = default) => _api.GetAsync<Source>(One(app, source), ct);

    /// <summary>Changes the non-null fields of <paramref name="changes"/>.</summary>
    public Task<Source> UpdateAsync(string app, string source, SourceOptions changes, CancellationToken ct = default) =>
        _api.PatchAsync<Source>(One(app, source), changes, ct);

    /// <summary>Deletes the source; the events it received stay.</summary>
    public Task DeleteAsync(string app, string source, CancellationToken ct = default) => _api.DeleteAsync(One(app, source), ct);

    /// <summary>The source's recent requests, newest first.</summary>
    public IAsyncEnumerable<InboundRequest> ListRequestsAsync(string app, string source, int? pageSize = null, CancellationToken ct = default) =>
        _api.ListAsync<InboundRequest>($"{One(app, source)}/requests", Query.Of(("limit", Query.Number(pageSize))), ct);

    /// <param name="secret">The new secret; generated when null.</param>
    /// <param name="gracePeriod">How long the old secret stays valid; 24 h when null.</param>
    public Task<SourceSecret> RotateSecretAsync(string app, string source, string? secret = null, TimeSpan? gracePeriod = null, CancellationToken ct = default) =>
        _api.PostAsync<SourceSecret>($"{One(app, source)}/secret/rotate", new RotateBody(secret, gracePeriod is { } g ? (int)g.TotalSeconds : null), ct);

    private sealed record RotateBody(string? Secret, int? GracePeriodSeconds);
}

/// <summary>Normalized inbound events of an app.</summary>
public sealed class InboundEventsClient
{
    private readonly ApiConnection _api;

    internal InboundEventsClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/events";

    public IAsyncEnumerable<InboundEvent> ListAsync(string app, InboundEventFilter? filter = null, int? pageSize = null, CancellationToken ct = default)
    {
        var f = filter ?? new InboundEventFilter();
        return _api.ListAsync<InboundEvent>(Base(app), Query.Of(
            ("limit", Query.Number(pageSize)), ("customer_id", f.CustomerId), ("event_type", f.EventType), ("source_id", f.SourceId),
            ("since", Query.Time(f.Since)), ("until", Query.Time(f.Until))), ct);
    }

    public Task<InboundEvent> GetAsync(string app, string inboundEvent, CancellationToken ct = default) =>
        _api.GetAsync<InboundEvent>($"{Base(app)}/{ApiConnection.Segment(inboundEvent)}", ct);
}
