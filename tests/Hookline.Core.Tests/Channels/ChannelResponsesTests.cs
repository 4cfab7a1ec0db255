using Hookline.Core.Channels;
using Hookline.Core.Deliveries;
using Hookline.Core.Endpoints;
using Hookline.Core.Engine;

namespace Hookline.Core.Tests.Channels;

public sealed class ChannelResponsesTests
{
    private static SendResult Answer(int status, string? body) => new()
    {
        StartedAt = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.FromMilliseconds(5),
        StatusCode = status,
        ResponseBody = body,
        ErrorClass = status is >= 200 and < 300 ? null : AttemptErrorClasses.Status,
        Error = status is >= 200 and < 300 ? null : $"HTTP {status}",
    };

    [Fact]
    public void Explain_DiscordError_NamesItsMessageAndCodeAndKeepsTheBody()
    {
        var body = """{"message": "Invalid Form Body", "code": 50035, "errors": {"embeds": {}}}""";

        var result = ChannelResponses.Explain(EndpointKinds.Discord, Answer(400, body));

        result.Error.ShouldBe("HTTP 400: Invalid Form Body (Discord code 50035)");
        result.ResponseBody.ShouldBe(body);
    }

    [Fact]
    public void Explain_SlackError_NamesItsReason()
    {
        ChannelResponses.Explain(EndpointKinds.Slack, Answer(400, "invalid_blocks")).Error.ShouldBe("HTTP 400: invalid_blocks");
    }

    [Fact]
    public void Explain_TeamsWorkflowsError_NamesItsCodeAndMessage()
    {
        ChannelResponses.Explain(EndpointKinds.Teams, Answer(400, """{"error":{"code":"TriggerInputSchemaMismatch","message":"The input body does not match"}}"""))
            .Error.ShouldBe("HTTP 400: The input body does not match (Teams code TriggerInputSchemaMismatch)");
    }

    [Fact]
    public void Explain_LegacyTeamsConnector200WithAnError_IsAFailure()
    {
        var result = ChannelResponses.Explain(EndpointKinds.Teams, Answer(200, "Microsoft Teams endpoint returned HTTP error 429 with ContextId ..."));

        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldStartWith("HTTP 200 with an error from Teams: Microsoft Teams endpoint returned HTTP error 429");
    }

    [Theory]
    [InlineData(EndpointKinds.Slack, 200, "ok")]
    [InlineData(EndpointKinds.Teams, 200, "1")]
    [InlineData(EndpointKinds.Teams, 202, null)]
    [InlineData(EndpointKinds.Discord, 204, null)]
    public void Explain_PlatformSuccess_StaysASuccess(string kind, int status, string? body)
    {
        ChannelResponses.Explain(kind, Answer(status, body)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Explain_PlainWebhook_IsLeftAsItIs()
    {
        var answer = Answer(400, "invalid_blocks");

        ChannelResponses.Explain(EndpointKinds.Webhook, answer).ShouldBeSameAs(answer);
    }
}
