using Hookline.Client.Models;

namespace Hookline.Client.Resources;

public sealed class EventTypesClient
{
    private readonly ApiConnection _api;

    internal EventTypesClient(ApiConnection api) => _api = api;

    public Task<EventType> CreateAsync(EventTypeCreate eventType, CancellationToken ct = default) => _api.PostAsync<EventType>("api/v1/event-types", eventType, ct);

    public IAsyncEnumerable<EventType> ListAsync(bool includeArchived = false, int? pageSize = null, CancellationToken ct = default) =>
        _api.ListAsync<EventType>("api/v1/event-types", Query.Of(("limit", Query.Number(pageSize)), ("include_archived", includeArchived ? "true" : null)), ct);

    public Task<EventType> GetAsync(string name, CancellationToken ct = default) => _api.GetAsync<EventType>($"api/v1/event-types/{ApiConnection.Segment(name)}", ct);

    public Task<EventType> UpdateAsync(string name, EventTypePatch patch, CancellationToken ct = default) =>
        _api.PatchAsync<EventType>($"api/v1/event-types/{ApiConnection.Segment(name)}", patch, ct);

    public Task ArchiveAsync(string name, CancellationToken ct = default) => _api.DeleteAsync($"api/v1/event-types/{ApiConnection.Segment(name)}", ct);
}
