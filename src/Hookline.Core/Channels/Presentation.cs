namespace Hookline.Core.Channels;

/// <summary>
/// What a chat message says about one event, before any platform shapes it: the heading, the
/// colour, the text and the facts. Text here is plain (no markup); each renderer escapes and cuts
/// it for its platform.
/// </summary>
public sealed record Presentation
{
    public required string Emoji { get; init; }
    public required string Title { get; init; }
    /// <summary>0xRRGGBB.</summary>
    public required int Color { get; init; }
    /// <summary>The nearest of the few colours Teams and similar platforms name.</summary>
    public Tone Tone { get; init; } = Tone.Default;
    public string? Description { get; init; }
    public IReadOnlyList<PresentationField> Fields { get; init; } = [];
    /// <summary>When the event happened: the payload's own time when it has one, else the message's.</summary>
    public required DateTimeOffset Timestamp { get; init; }
    public required string Footer { get; init; }
    /// <summary>Hookline's own operational events: something an operator should look at.</summary>
    public bool IsAlert { get; init; }

    public string Heading => Emoji + " " + Title;

    /// <summary>Hex colour as <c>RRGGBB</c>, the form the legacy Teams card wants.</summary>
    public string ColorHex => Color.ToString("X6", System.Globalization.CultureInfo.InvariantCulture);
}

/// <param name="Inline">Whether it may sit beside other short fields (Discord's inline fields).</param>
public sealed record PresentationField(string Name, string Value, bool Inline = true);

public enum Tone
{
    Default,
    Good,
    Warning,
    Attention,
    Accent,
}
