namespace Hookline.Client;

public sealed class HooklineClientOptions
{
    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>An admin or app-scoped API key, sent as <c>Authorization: Bearer</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Further tries of a request answered 429 or 5xx, or cut off by the network. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>First wait between tries, doubled each time; a <c>Retry-After</c> answer overrides it. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest single wait, however long <c>Retry-After</c> asks for. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-request timeout of the client's own <see cref="HttpClient"/>. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
