using System.Text.Json;
using Hookline.Core.Channels;
using Hookline.Core.Endpoints;
using static Hookline.Core.Tests.Channels.ChannelSamples;

namespace Hookline.Core.Tests.Channels;

public sealed class SlackRendererTests
{
    private static readonly SlackRenderer Renderer = new();

    private static JsonElement Render(Hookline.Core.Messages.Message message, NotificationOptions? options = null) =>
        JsonDocument.Parse(Renderer.Render(message, Endpoint(EndpointKinds.Slack, options))).RootElement;

    [Theory]
    [InlineData("task_completed")]
    [InlineData("badge_earned")]
    [InlineData("project_created")]
    [InlineData("milestone_reached")]
    [InlineData("daily_streak")]
    public void Render_SeedEvent_MatchesGoldenFile(string eventType)
    {
        Golden.Match("slack." + eventType, Renderer.Render(Message(eventType, SeedPayloads[eventType]), Endpoint(EndpointKinds.Slack)));
    }

    [Fact]
    public void Render_EndpointDisabled_MatchesGoldenFile()
    {
        Golden.Match("slack.endpoint_disabled", Renderer.Render(Disabled(), Endpoint(EndpointKinds.Slack)));
    }

    [Fact]
    public void Render_Message_IsBlockKitWithHeaderSectionFieldsContextAndFallbackText()
    {
        var body = Render(Message("task_completed", SeedPayloads["task_completed"]));

        body.GetProperty("text").GetString()!.ShouldStartWith("✅ Task Completed: john_doe completed");
        var blocks = body.GetProperty("blocks").EnumerateArray().ToList();
        blocks.Select(b => b.GetProperty("type").GetString()).ShouldBe(["header", "section", "section", "context"]);
        blocks[0].GetProperty("text").GetProperty("type").GetString().ShouldBe("plain_text");
        blocks[2].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString())
            .ShouldContain("*Project*\nWeb App Project");
    }

    [Fact]
    public void Render_WithOverlongAndManyValues_StaysWithinSlackLimits()
    {
        var body = Render(ManyFields(40, 5000));

        var blocks = body.GetProperty("blocks").EnumerateArray().ToList();
        blocks.Count.ShouldBeLessThanOrEqualTo(SlackRenderer.MaxBlocks);
        blocks[0].GetProperty("text").GetProperty("text").GetString()!.Length.ShouldBeLessThanOrEqualTo(SlackRenderer.MaxHeader);
        foreach (var block in blocks.Where(b => b.GetProperty("type").GetString() == "section"))
        {
            if (block.TryGetProperty("text", out var text))
            {
                text.GetProperty("text").GetString()!.Length.ShouldBeLessThanOrEqualTo(SlackRenderer.MaxSectionText);
            }
            if (block.TryGetProperty("fields", out var fields))
            {
                fields.GetArrayLength().ShouldBeLessThanOrEqualTo(SlackRenderer.MaxFieldsPerSection);
                fields.EnumerateArray().ShouldAllBe(f => f.GetProperty("text").GetString()!.Length <= SlackRenderer.MaxFieldText);
            }
        }
        body.GetProperty("text").GetString()!.Length.ShouldBeLessThanOrEqualTo(SlackRenderer.MaxFallbackText);
    }

    [Fact]
    public void Render_WithLongHeaderOfEmoji_CutsTheHeaderWithoutSplittingAnEmoji()
    {
        var type = string.Concat(Enumerable.Repeat("rocket_🚀_launch_", 30));
        var header = Render(Message(type, "{}")).GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!;

        header.Length.ShouldBeLessThanOrEqualTo(SlackRenderer.MaxHeader);
        header.ShouldEndWith("…");
        header.ShouldNotContain("\uFFFD");
        char.IsHighSurrogate(header[^2]).ShouldBeFalse();
    }

    [Fact]
    public void Render_WithAngleBracketsInThePayload_EscapesThemSoNoMentionOrLinkIsForged()
    {
        var body = Render(Message("project_created", """{"project_name":"<!channel> <https://evil.example|click> & co","user_name":"mallory"}"""));

        var text = body.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString()!;
        text.ShouldContain("&lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co");
        text.ShouldNotContain("<!channel>");
    }

    [Fact]
    public void Render_WithMention_PutsItUnescapedBeforeTheText()
    {
        var body = Render(Message("endpoint.disabled", """{"endpoint_id":"ep_1","reason":"410 Gone"}"""), new NotificationOptions { Mention = "<!here>" });

        body.GetProperty("text").GetString()!.ShouldStartWith("<!here> 🚨 Endpoint disabled");
        body.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString()!.ShouldStartWith("<!here> Endpoint ep_1 was disabled: 410 Gone");
    }
}
