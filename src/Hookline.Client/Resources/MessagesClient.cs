using Hookline.Client.Models;

namespace Hookline.Client.Resources;

public sealed class MessagesClient
{
    private readonly ApiConnection _api;

    internal MessagesClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/messages";

    /// <summary>
    /// Publishes an event. Each call carries a fresh <c>Idempotency-Key</c> (or <paramref name="idempotencyKey"/>),
    /// the same on every retry, so a retried call publishes once.
    /// </summary>
    /// <param name="payload">Any object serialized to a JSON object, or a <see cref="System.Text.Json.JsonElement"/>.</param>
    public Task<Published> PublishAsync(string app, string eventType, object payload, string? eventId = null, IReadOnlyList<string>? channels = null,
        string? idempotencyKey = null, CancellationToken ct = default) =>
        _api.PostAsync<Published>(Base(app), new PublishBody(eventType, payload, eventId, channels), ct, idempotencyKey);

    public IAsyncEnumerable<Message> ListAsync(string app, string? eventType = null, string? channel = null, DateTimeOffset? since = null, DateTimeOffset? until = null,
        int? pageSize = null, CancellationToken ct = default) =>
        _api.ListAsync<Message>(Base(app), Query.Of(
            ("limit", Query.Number(pageSize)), ("event_type", eventType), ("channel", channel),
            ("since", since is null ? null : ApiConnection.Time(since)), ("until", until is null ? null : ApiConnection.Time(until))), ct);

    public Task<Message> GetAsync(string app, string message, CancellationToken ct = default) =>
        _api.GetAsync<Message>($"{Base(app)}/{ApiConnection.Segment(message)}", ct);

    /// <summary>The message's deliveries, one per endpoint.</summary>
    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string app, string message, CancellationToken ct = default) =>
        (await _api.GetAsync<ListPage<Delivery>>($"{Base(app)}/{ApiConnection.Segment(message)}/deliveries", ct).ConfigureAwait(false)).Data;

    private sealed record PublishBody(string EventType, object Payload, string? EventId, IReadOnlyList<string>? Channels);
}
