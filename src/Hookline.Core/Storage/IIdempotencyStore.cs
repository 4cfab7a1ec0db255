namespace Hookline.Core.Storage;

/// <summary>Remembers the first answer to each <c>Idempotency-Key</c> of a caller.</summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Reserves the key for a request with this body hash. Returns null when the caller may go
    /// ahead, or the record already there (finished, or still in progress). A reservation still in
    /// progress after <see cref="IdempotencyRecord.ReservationLifetime"/> is taken over: its request died.
    /// </summary>
    Task<IdempotencyRecord?> TryBeginAsync(string scope, string key, string requestHash, DateTimeOffset now, CancellationToken ct = default);
    Task CompleteAsync(string scope, string key, int statusCode, string responseBody, CancellationToken ct = default);
    /// <summary>Forgets a reservation whose request failed, so it may be tried again.</summary>
    Task AbandonAsync(string scope, string key, CancellationToken ct = default);
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken ct = default);
}

public sealed record IdempotencyRecord(string RequestHash, int? StatusCode, string? ResponseBody, DateTimeOffset CreatedAt)
{
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromSeconds(60);

    public bool InProgress => StatusCode is null;
}
