using System.Text.Json;
using Hookline.Core.Channels;
using Hookline.Core.Endpoints;
using static Hookline.Core.Tests.Channels.ChannelSamples;

namespace Hookline.Core.Tests.Channels;

public sealed class TeamsRendererTests
{
    private static readonly TeamsRenderer Renderer = new();
    private static readonly NotificationOptions Legacy = new() { TeamsFormat = TeamsFormats.MessageCard };

    private static byte[] Bytes(Hookline.Core.Messages.Message message, NotificationOptions? options = null) =>
        Renderer.Render(message, Endpoint(EndpointKinds.Teams, options));

    private static JsonElement Render(Hookline.Core.Messages.Message message, NotificationOptions? options = null) =>
        JsonDocument.Parse(Bytes(message, options)).RootElement;

    [Theory]
    [InlineData("task_completed")]
    [InlineData("badge_earned")]
    [InlineData("project_created")]
    [InlineData("milestone_reached")]
    [InlineData("daily_streak")]
    public void Render_SeedEventAsAdaptiveCard_MatchesGoldenFile(string eventType)
    {
        Golden.Match("teams." + eventType, Bytes(Message(eventType, SeedPayloads[eventType])));
    }

    [Theory]
    [InlineData("task_completed")]
    [InlineData("badge_earned")]
    public void Render_SeedEventAsMessageCard_MatchesGoldenFile(string eventType)
    {
        Golden.Match("teams.message_card." + eventType, Bytes(Message(eventType, SeedPayloads[eventType]), Legacy));
    }

    [Fact]
    public void Render_EndpointDisabled_MatchesGoldenFile()
    {
        Golden.Match("teams.endpoint_disabled", Bytes(Disabled()));
    }

    [Fact]
    public void Render_ByDefault_IsAMessageWithOneAdaptiveCard14Attachment()
    {
        var body = Render(Message("milestone_reached", SeedPayloads["milestone_reached"]));

        body.GetProperty("type").GetString().ShouldBe("message");
        var attachment = body.GetProperty("attachments").EnumerateArray().ShouldHaveSingleItem();
        attachment.GetProperty("contentType").GetString().ShouldBe("application/vnd.microsoft.card.adaptive");
        var card = attachment.GetProperty("content");
        card.GetProperty("type").GetString().ShouldBe("AdaptiveCard");
        card.GetProperty("version").GetString().ShouldBe("1.4");
        var facts = card.GetProperty("body").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "FactSet").GetProperty("facts");
        facts.EnumerateArray().ShouldContain(f => f.GetProperty("title").GetString() == "Progress" && f.GetProperty("value").GetString() == "50% ▰▰▰▰▰▱▱▱▱▱");
    }

    [Fact]
    public void Render_AsMessageCard_HasThemeColourActivityTitleAndFacts()
    {
        var body = Render(Message("badge_earned", SeedPayloads["badge_earned"]), Legacy);

        body.GetProperty("@type").GetString().ShouldBe("MessageCard");
        body.GetProperty("themeColor").GetString().ShouldBe("F1C40F");
        var section = body.GetProperty("sections")[0];
        section.GetProperty("activityTitle").GetString().ShouldBe("🏆 Badge Earned");
        section.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ShouldBe(["Badge", "Earned by"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Render_WithHugeUnicodePayload_StaysUnderTeamsSizeCap(bool legacy)
    {
        var text = string.Concat(Enumerable.Repeat(UnicodeHeavy, 2000));
        var bytes = Bytes(ManyFields(40, 5000) with { Payload = ManyFields(40, 5000).Payload.Replace("\"ddd", "\"" + text + "ddd", StringComparison.Ordinal) },
            legacy ? Legacy : null);

        bytes.Length.ShouldBeLessThanOrEqualTo(TeamsRenderer.MaxBytes);
        _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        JsonDocument.Parse(bytes).RootElement.ValueKind.ShouldBe(JsonValueKind.Object);
    }

    [Fact]
    public void Render_WithUserMention_AddsTheMentionEntity()
    {
        var card = Render(Message("daily_streak", SeedPayloads["daily_streak"]), new NotificationOptions { Mention = "jane@contoso.com" })
            .GetProperty("attachments")[0].GetProperty("content");

        card.GetProperty("body").EnumerateArray().ShouldContain(b => b.GetProperty("type").GetString() == "TextBlock" && b.GetProperty("text").GetString() == "<at>jane@contoso.com</at>");
        var entity = card.GetProperty("msteams").GetProperty("entities")[0];
        entity.GetProperty("type").GetString().ShouldBe("mention");
        entity.GetProperty("mentioned").GetProperty("id").GetString().ShouldBe("jane@contoso.com");
    }
}
