namespace Hookline.Core.Inbound;

/// <summary>
/// A request the intake turns down. <see cref="Detail"/> goes to the sender and never says which
/// part of a verification failed; <see cref="Reason"/> is kept in the source's recent requests so
/// its owner can see why.
/// </summary>
public sealed class InboundRefusal(int status, string outcome, string detail, string? reason = null,
    IReadOnlyDictionary<string, string[]>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;
    /// <summary>The counter this refusal is counted under (<see cref="InboundOutcomes"/>).</summary>
    public string Outcome { get; } = outcome;
    public string Detail { get; } = detail;
    public string Reason { get; } = reason ?? detail;
    public IReadOnlyDictionary<string, string[]>? Errors { get; } = errors;
    public TimeSpan? RetryAfter { get; init; }

    public static InboundRefusal Unverified(string reason) =>
        new(401, InboundOutcomes.Unauthorized, "the request could not be verified", reason);

    public static InboundRefusal Mapping(string field, string message) =>
        new(422, InboundOutcomes.Unmappable, $"{field}: {message}", errors: new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>What became of a request: the counters of a source and the outcome of its recent requests.</summary>
public static class InboundOutcomes
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Unauthorized = "unauthorized";
    public const string ForbiddenAddress = "forbidden_ip";
    public const string TooLarge = "too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string MalformedJson = "malformed_json";
    public const string Unmappable = "unmappable";
    public const string RateLimited = "rate_limited";
}
