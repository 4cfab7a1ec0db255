namespace Hookline.Core.Deliveries;

/// <summary>One HTTP request made for a delivery, as the attempt log shows it.</summary>
public sealed record Attempt
{
    public required string Id { get; init; }
    public required string DeliveryId { get; init; }
    public required int AttemptNumber { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required int DurationMs { get; init; }
    public required string Url { get; init; }
    public int? StatusCode { get; init; }
    /// <summary>The first 4 KiB of the response body.</summary>
    public string? ResponseBody { get; init; }
    public string? Error { get; init; }
    /// <summary>One of <see cref="AttemptErrorClasses"/>; null when the attempt succeeded.</summary>
    public string? ErrorClass { get; init; }
    public string Trigger { get; init; } = AttemptTriggers.Scheduled;
}

public static class AttemptTriggers
{
    public const string Scheduled = "scheduled";
    public const string Manual = "manual";
    public const string Replay = "replay";
    public const string Recover = "recover";
    public const string Test = "test";
}

public static class AttemptErrorClasses
{
    public const string Timeout = "timeout";
    public const string Dns = "dns";
    public const string Connect = "connect";
    public const string Tls = "tls";
    public const string Status = "status";
    public const string TooLarge = "too_large";
    public const string Redirect = "redirect";
    public const string Blocked = "blocked";
    /// <summary>The body could not be rendered (a template failed); no request was sent.</summary>
    public const string Transformation = "transformation";
    public const string Other = "other";
}
