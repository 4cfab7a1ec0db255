using Hookline.Core.Deliveries;

namespace Hookline.Core.Engine;

/// <summary>What came of sending one request: a response (any status), or a classified error.</summary>
public sealed record SendResult
{
    public required DateTimeOffset StartedAt { get; init; }
    public required TimeSpan Duration { get; init; }
    public int? StatusCode { get; init; }
    /// <summary>At most the first <see cref="WebhookSender.MaxResponseBytes"/> bytes of the response, as text.</summary>
    public string? ResponseBody { get; init; }
    /// <summary>Null when the attempt succeeded.</summary>
    public string? Error { get; init; }
    /// <summary>One of <see cref="AttemptErrorClasses"/>; null when the attempt succeeded.</summary>
    public string? ErrorClass { get; init; }
    /// <summary>The receiver's <c>Retry-After</c>, relative to when the response arrived.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool Succeeded => ErrorClass is null;

    public AttemptResult ToAttemptResult() =>
        Succeeded ? AttemptResult.Success(StatusCode ?? 200) : AttemptResult.Failure(StatusCode, ErrorClass!, RetryAfter);
}
