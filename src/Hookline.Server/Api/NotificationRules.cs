using Hookline.Core.Channels;

namespace Hookline.Server.Api;

/// <summary>Validation of an endpoint's <c>notification</c> options; what merely looks wrong is a warning (<see cref="PlatformUrls"/>).</summary>
public static class NotificationRules
{
    public static void Validate(Validator v, NotificationOptions? n)
    {
        if (n is null)
        {
            return;
        }
        const string f = "notification";
        if (n.Username is not null)
        {
            v.Check(n.Username.Trim().Length is >= 1 and <= NotificationLimits.Username && !n.Username.Any(char.IsControl), f,
                $"username is 1 to {NotificationLimits.Username} characters without control characters");
        }
        if (n.AvatarUrl is not null)
        {
            v.Check(n.AvatarUrl.Length <= NotificationLimits.AvatarUrl && Uri.TryCreate(n.AvatarUrl, UriKind.Absolute, out var avatar)
                && (avatar.Scheme == Uri.UriSchemeHttps || avatar.Scheme == Uri.UriSchemeHttp), f,
                $"avatar_url is an absolute http or https URL of at most {NotificationLimits.AvatarUrl} characters");
        }
        v.Check(n.TeamsFormat is null || TeamsFormats.All.Contains(n.TeamsFormat), f, $"teams_format is one of {string.Join(", ", TeamsFormats.All)}");
        if (n.Mention is not null)
        {
            v.Check(n.Mention.Trim().Length is >= 1 and <= NotificationLimits.Mention && !n.Mention.Any(char.IsControl), f,
                $"mention is 1 to {NotificationLimits.Mention} characters without control characters");
        }
    }

    /// <summary>The warnings of an endpoint as it is saved, or null when there are none.</summary>
    public static IReadOnlyList<string>? Warnings(Hookline.Core.Endpoints.Endpoint endpoint) =>
        PlatformUrls.Warnings(endpoint) is { Count: > 0 } warnings ? warnings : null;
}
