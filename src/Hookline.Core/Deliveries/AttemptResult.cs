namespace Hookline.Core.Deliveries;

/// <summary>What one attempt came to, as the state machine needs it.</summary>
/// <param name="Succeeded">A 2xx answer within the timeout.</param>
/// <param name="StatusCode">The response status, when there was a response.</param>
/// <param name="ErrorClass">One of <see cref="AttemptErrorClasses"/> when the attempt failed.</param>
/// <param name="RetryAfter">The receiver's <c>Retry-After</c>, relative to the end of the attempt.</param>
public sealed record AttemptResult(bool Succeeded, int? StatusCode = null, string? ErrorClass = null, TimeSpan? RetryAfter = null)
{
    public static AttemptResult Success(int statusCode) => new(true, statusCode);

    public static AttemptResult Failure(int? statusCode, string errorClass, TimeSpan? retryAfter = null) =>
        new(false, statusCode, errorClass, retryAfter);
}
