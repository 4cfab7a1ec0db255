using System.Text.Json;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Engine;

namespace Hookline.Core.Channels;

/// <summary>
/// What a chat platform's answer means, in the attempt log's words. The response body is kept as
/// it came; this only names the platform's reason in the attempt's error: Discord's
/// <c>{"message", "code"}</c>, Slack's one-word reasons such as <c>invalid_blocks</c>, Teams'
/// <c>{"error": {"code", "message"}}</c>, and the legacy Teams connector's habit of answering 200
/// with the text of an error it met further on.
/// </summary>
public static class ChannelResponses
{
    private const int MaxReason = 300;

    public static SendResult Explain(string kind, SendResult result)
    {
        if (kind == EndpointKinds.Webhook || result.StatusCode is not { } status || result.ResponseBody is not { } body)
        {
            return result;
        }
        if (result.Succeeded)
        {
            // The legacy connector answers 200 "1" when the card was posted, and 200 with an error's text when it was not.
            if (kind == EndpointKinds.Teams && body.Contains("HTTP error", StringComparison.OrdinalIgnoreCase))
            {
                return result with { ErrorClass = AttemptErrorClasses.Status, Error = $"HTTP {status} with an error from Teams: {Shorten(body)}" };
            }
            return result;
        }
        if (status == 429 || Reason(kind, body) is not { } reason)
        {
            return result;
        }
        return result with { Error = $"{result.Error}: {reason}" };
    }

    private static string? Reason(string kind, string body)
    {
        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(trimmed);
                var root = json.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    root = error;
                }
                var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var code = root.TryGetProperty("code", out var c) && c.ValueKind is JsonValueKind.Number or JsonValueKind.String ? c.ToString() : null;
                if (message is null && code is null)
                {
                    return null;
                }
                var platform = kind switch { EndpointKinds.Discord => "Discord", EndpointKinds.Teams => "Teams", _ => "Slack" };
                return Shorten(message ?? "error") + (code is null ? "" : $" ({platform} code {code})");
            }
            catch (JsonException)
            {
                return null;
            }
        }
        // Slack (and the legacy Teams connector) answer with a short reason as plain text.
        return trimmed.Length is > 0 and <= MaxReason && !trimmed.Contains('<', StringComparison.Ordinal) ? Shorten(trimmed) : null;
    }

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return TextCut.Cut(oneLine, MaxReason);
    }
}
