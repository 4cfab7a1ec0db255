namespace Hookline.Core.Publishing;

public sealed class PublishingOptions
{
    /// <summary>Largest accepted payload in UTF-8 bytes. Default 1 MiB.</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;
}
