using Hookline.Client.Models;

namespace Hookline.Client.Resources;

public sealed class EndpointsClient
{
    private readonly ApiConnection _api;

    internal EndpointsClient(ApiConnection api) => _api = api;

    private static string Base(string app) => $"api/v1/apps/{ApiConnection.Segment(app)}/endpoints";

    private static string One(string app, string endpoint) => $"{Base(app)}/{ApiConnection.Segment(endpoint)}";

    /// <summary>Creates an endpoint; the answer's <see cref="Endpoint.Secret"/> is what its receiver verifies with.</summary>
    public Task<Endpoint> CreateAsync(string app, EndpointOptions endpoint, CancellationToken ct = default) => _api.PostAsync<Endpoint>(Base(app), endpoint, ct);

    public IAsyncEnumerable<Endpoint> ListAsync(string app, int? pageSize = null, CancellationToken ct = default) =>
        _api.ListAsync<Endpoint>(Base(app), Query.Of(("limit", Query.Number(pageSize))), ct);

    public Task<Endpoint> GetAsync(string app, string endpoint, CancellationToken ct = default) => _api.GetAsync<Endpoint>(One(app, endpoint), ct);

    /// <summary>Changes the non-null fields of <paramref name="changes"/>.</summary>
    public Task<Endpoint> UpdateAsync(string app, string endpoint, EndpointOptions changes, CancellationToken ct = default) =>
        _api.PatchAsync<Endpoint>(One(app, endpoint), changes, ct);

    public Task DeleteAsync(string app, string endpoint, CancellationToken ct = default) => _api.DeleteAsync(One(app, endpoint), ct);

    public Task<EndpointSecret> GetSecretAsync(string app, string endpoint, CancellationToken ct = default) =>
        _api.GetAsync<EndpointSecret>($"{One(app, endpoint)}/secret", ct);

    /// <param name="secret">The new secret; generated when null.</param>
    /// <param name="gracePeriod">How long the old secret keeps signing; 24 h when null.</param>
    public Task<SecretRotation> RotateSecretAsync(string app, string endpoint, string? secret = null, TimeSpan? gracePeriod = null, CancellationToken ct = default) =>
        _api.PostAsync<SecretRotation>($"{One(app, endpoint)}/secret/rotate", new RotateBody(secret, gracePeriod?.TotalSeconds), ct);

    public Task<EndpointStats> GetStatsAsync(string app, string endpoint, CancellationToken ct = default) =>
        _api.GetAsync<EndpointStats>($"{One(app, endpoint)}/stats", ct);

    /// <summary>Sends a test event to the endpoint.</summary>
    public Task<TestSend> SendTestAsync(string app, string endpoint, string? eventType = null, object? payload = null, CancellationToken ct = default) =>
        _api.PostAsync<TestSend>($"{One(app, endpoint)}/test", new TestBody(eventType, payload), ct);

    /// <summary>Sends again what failed for this endpoint since <paramref name="since"/>.</summary>
    public Task<RequeueResult> RecoverAsync(string app, string endpoint, DateTimeOffset since, DateTimeOffset? until = null, CancellationToken ct = default) =>
        _api.PostAsync<RequeueResult>($"{One(app, endpoint)}/recover", new RecoverBody(since, until), ct);

    private sealed record RotateBody(string? Secret, double? GracePeriodSeconds);

    private sealed record TestBody(string? EventType, object? Payload);

    private sealed record RecoverBody(DateTimeOffset Since, DateTimeOffset? Until);
}
