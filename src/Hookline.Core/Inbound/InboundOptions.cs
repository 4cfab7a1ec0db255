namespace Hookline.Core.Inbound;

/// <summary>Limits of the intake (configuration section <c>Hookline:Inbound</c>).</summary>
public sealed class InboundOptions
{
    public const string Section = "Hookline:Inbound";

    /// <summary>Largest request body a source accepts; larger ones are refused with 413. Default 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>How much of each body the recent-requests log keeps. Default 16 KiB.</summary>
    public int LoggedBodyBytes { get; set; } = 16 * 1024;
    // How long recent requests are kept is Hookline:Retention:InboundRequests (RetentionOptions); the old
    // Hookline:Inbound:RequestRetention key is read there as an alias.
    /// <summary>The base of the <c>ingest_url</c> shown for each source, e.g. <c>https://hooks.example.com</c>; default: the URL the API was called at.</summary>
    public string? PublicBaseUrl { get; set; }
}
