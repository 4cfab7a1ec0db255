using Hookline.Client.Models;

namespace Hookline.Client.Resources;

public sealed class DeliveriesClient
{
    private readonly ApiConnection _api;

    internal DeliveriesClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/deliveries";

    public IAsyncEnumerable<Delivery> ListAsync(string app, DeliveryFilter? filter = null, int? pageSize = null, CancellationToken ct = default)
    {
        var f = filter ?? new DeliveryFilter();
        return _api.ListAsync<Delivery>(Base(app), Query.Of(
            ("limit", Query.Number(pageSize)), ("status", f.Status), ("endpoint_id", f.EndpointId), ("event_type", f.EventType), ("message_id", f.MessageId),
            ("since", f.Since is null ? null : ApiConnection.Time(f.Since)), ("until", f.Until is null ? null : ApiConnection.Time(f.Until))), ct);
    }

    /// <summary>The delivery with its attempts.</summary>
    public Task<DeliveryDetail> GetAsync(string app, string delivery, CancellationToken ct = default) =>
        _api.GetAsync<DeliveryDetail>($"{Base(app)}/{ApiConnection.Segment(delivery)}", ct);

    /// <summary>Sends the delivery again now (a dead one included).</summary>
    public Task<Delivery> RetryAsync(string app, string delivery, CancellationToken ct = default) =>
        _api.PostAsync<Delivery>($"{Base(app)}/{ApiConnection.Segment(delivery)}/retry", null, ct);

    /// <summary>Replays dead deliveries in bulk, optionally of one endpoint and a time range.</summary>
    public Task<RequeueResult> ReplayAsync(string app, string? endpointId = null, DateTimeOffset? since = null, DateTimeOffset? until = null, CancellationToken ct = default) =>
        _api.PostAsync<RequeueResult>($"{Base(app)}/replay", new ReplayBody(endpointId, since, until), ct);

    private sealed record ReplayBody(string? EndpointId, DateTimeOffset? Since, DateTimeOffset? Until);
}
