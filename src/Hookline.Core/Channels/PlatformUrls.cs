using Hookline.Core.Endpoints;

namespace Hookline.Core.Channels;

/// <summary>
/// Whether a chat endpoint's URL looks like its platform's webhook URL. A mismatch is only worth a
/// warning: proxies, relays and test servers are legitimate targets, and platforms add new hosts.
/// </summary>
public static class PlatformUrls
{
    public const string DiscordExample = "https://discord.com/api/webhooks/<id>/<token>";
    public const string SlackExample = "https://hooks.slack.com/services/<T…>/<B…>/<secret>";
    public const string TeamsExample = "https://<env>.environment.api.powerplatform.com/powerautomate/automations/direct/workflows/… (or https://prod-00.<region>.logic.azure.com/workflows/…)";

    /// <summary>What looks wrong about the endpoint for its kind; empty when nothing does.</summary>
    public static IReadOnlyList<string> Warnings(Endpoint endpoint)
    {
        var warnings = new List<string>();
        if (endpoint.Kind == EndpointKinds.Webhook)
        {
            if (endpoint.Notification is not null)
            {
                warnings.Add("notification: only used by discord, teams and slack endpoints; this endpoint gets the JSON envelope");
            }
            return warnings;
        }
        if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uri))
        {
            return warnings;
        }
        var host = uri.Host.ToLowerInvariant();
        var path = uri.AbsolutePath;
        switch (endpoint.Kind)
        {
            case EndpointKinds.Discord:
                if (!(host is "discord.com" or "discordapp.com" or "ptb.discord.com" or "canary.discord.com") || !path.Contains("/webhooks/", StringComparison.Ordinal))
                {
                    warnings.Add($"url: does not look like a Discord webhook URL ({DiscordExample}); messages will be sent there as Discord messages anyway");
                }
                if (endpoint.Notification?.Username is { } name
                    && (name.Contains("discord", StringComparison.OrdinalIgnoreCase) || name.Contains("clyde", StringComparison.OrdinalIgnoreCase)))
                {
                    warnings.Add("notification.username: Discord refuses webhook names containing \"discord\" or \"clyde\"");
                }
                break;
            case EndpointKinds.Slack:
                if (host != "hooks.slack.com")
                {
                    warnings.Add($"url: does not look like a Slack incoming webhook URL ({SlackExample}); messages will be sent there as Slack messages anyway");
                }
                break;
            case EndpointKinds.Teams:
                var workflows = host.EndsWith(".logic.azure.com", StringComparison.Ordinal) || host.EndsWith(".powerplatform.com", StringComparison.Ordinal);
                var connector = host.EndsWith(".webhook.office.com", StringComparison.Ordinal) || host == "outlook.office.com";
                if (!workflows && !connector)
                {
                    warnings.Add($"url: does not look like a Teams Workflows webhook URL ({TeamsExample}); messages will be sent there as Teams messages anyway");
                }
                if (workflows && endpoint.Notification?.TeamsFormat == TeamsFormats.MessageCard)
                {
                    warnings.Add("notification.teams_format: a Workflows webhook expects an Adaptive Card; \"message_card\" suits only the legacy connector (….webhook.office.com)");
                }
                break;
        }
        return warnings;
    }
}
