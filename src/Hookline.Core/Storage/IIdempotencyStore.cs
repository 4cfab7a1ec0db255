namespace Hookline.Core.Storage;

/// <summary>Remembers the first answer to each <c>Idempotency-Key</c> of a caller.</summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Reserves the key for a request with this body hash. Returns null when the caller may go
    /// ahead, or the record already there (finished, or still in progress). A reservation still in
    /// progress after <see cref="IdempotencyRecord.ReservationLifetime"/> is taken over: its request died.
    /// A finished record older than <see cref="IdempotencyRecord.Lifetime"/> is expired and taken over too.
    /// </summary>
    Task<IdempotencyRecord?> TryBeginAsync(string scope, string key, string requestHash, DateTimeOffset now, CancellationToken ct = default);
    /// <param name="replayGuard">What must still exist for the answer to be replayed (see <see cref="IdempotencyRecord.ReplayGuard"/>), or null.</param>
    Task CompleteAsync(string scope, string key, int statusCode, string responseBody, string? replayGuard = null, CancellationToken ct = default);
    /// <summary>Forgets a finished record that was read at <paramref name="createdAt"/>, e.g. one whose answer can no longer be read; true when it was removed.</summary>
    Task<bool> ForgetAsync(string scope, string key, DateTimeOffset createdAt, CancellationToken ct = default);
    /// <summary>Forgets a reservation whose request failed, so it may be tried again.</summary>
    Task AbandonAsync(string scope, string key, CancellationToken ct = default);
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken ct = default);
}

/// <param name="ReplayGuard">A reference (<c>kind:id</c>) to what the first request created whose answer must not outlive it,
/// such as a new API key's raw value: the answer is replayed only while that still exists.</param>
public sealed record IdempotencyRecord(string RequestHash, int? StatusCode, string? ResponseBody, DateTimeOffset CreatedAt, string? ReplayGuard = null)
{
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromSeconds(60);

    /// <summary>How long a key's first answer is replayed; the retention job deletes records after this by default.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public bool InProgress => StatusCode is null;
}
