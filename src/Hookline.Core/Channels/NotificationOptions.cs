namespace Hookline.Core.Channels;

/// <summary>
/// How a chat endpoint (<c>kind</c> discord, teams or slack) presents its messages: the endpoint's
/// <c>notification</c> field. Every option is optional; a platform ignores what it has no use for.
/// </summary>
public sealed record NotificationOptions
{
    /// <summary>Name shown as the sender (Discord, Slack) and in the footer of every platform. Default: the webhook's own name.</summary>
    public string? Username { get; init; }
    /// <summary>Absolute http(s) URL of the sender's picture (Discord, Slack; the legacy Teams card's activity image).</summary>
    public string? AvatarUrl { get; init; }
    /// <summary>One of <see cref="TeamsFormats"/>; null means <see cref="TeamsFormats.AdaptiveCard"/>.</summary>
    public string? TeamsFormat { get; init; }
    /// <summary>
    /// Who is called on each message, written as the platform writes it: Discord <c>@here</c>, <c>&lt;@123&gt;</c>
    /// or <c>&lt;@&amp;role&gt;</c>; Slack <c>&lt;!here&gt;</c> or <c>&lt;@U123&gt;</c>; Teams a user's e-mail address (a real mention) or any text.
    /// </summary>
    public string? Mention { get; init; }

    public static readonly NotificationOptions None = new();
}

public static class TeamsFormats
{
    /// <summary>An Adaptive Card 1.4 in a message attachment: what Teams Workflows ("Post to a channel when a webhook request is received") accepts.</summary>
    public const string AdaptiveCard = "adaptive_card";
    /// <summary>The legacy Office 365 connector MessageCard (themeColor, activityTitle, facts).</summary>
    public const string MessageCard = "message_card";
    public static readonly IReadOnlyList<string> All = [AdaptiveCard, MessageCard];
}

/// <summary>The documented bounds of <see cref="NotificationOptions"/>, shared by the API's validation and the renderers.</summary>
public static class NotificationLimits
{
    /// <summary>Discord refuses longer webhook usernames.</summary>
    public const int Username = 80;
    public const int AvatarUrl = 2048;
    public const int Mention = 200;
}
