using System.Text.Json;
using Hookline.Core.Channels;
using Hookline.Core.Endpoints;
using static Hookline.Core.Tests.Channels.ChannelSamples;

namespace Hookline.Core.Tests.Channels;

public sealed class DiscordRendererTests
{
    private static readonly DiscordRenderer Renderer = new();

    private static JsonElement Render(Hookline.Core.Messages.Message message, NotificationOptions? options = null) =>
        JsonDocument.Parse(Renderer.Render(message, Endpoint(EndpointKinds.Discord, options))).RootElement;

    [Theory]
    [InlineData("task_completed")]
    [InlineData("badge_earned")]
    [InlineData("project_created")]
    [InlineData("milestone_reached")]
    [InlineData("daily_streak")]
    public void Render_SeedEvent_MatchesGoldenFile(string eventType)
    {
        Golden.Match("discord." + eventType, Renderer.Render(Message(eventType, SeedPayloads[eventType]), Endpoint(EndpointKinds.Discord)));
    }

    [Fact]
    public void Render_GenericEventWithOptions_MatchesGoldenFile()
    {
        var options = new NotificationOptions { Username = "Zentry Bot", AvatarUrl = "https://example.com/bot.png", Mention = "@here" };
        Golden.Match("discord.generic", Renderer.Render(Message("invoice.paid", GenericPayload), Endpoint(EndpointKinds.Discord, options)));
    }

    [Fact]
    public void Render_EndpointDisabled_MatchesGoldenFileAndHidesTheWebhookToken()
    {
        var body = Renderer.Render(Disabled(), Endpoint(EndpointKinds.Discord));

        Golden.Match("discord.endpoint_disabled", body);
        System.Text.Encoding.UTF8.GetString(body).ShouldNotContain("secret-token");
    }

    [Fact]
    public void Render_TaskCompleted_ShowsTheTaskAsAGreenEmbedWithItsFields()
    {
        var embed = Render(Message("task_completed", SeedPayloads["task_completed"])).GetProperty("embeds")[0];

        embed.GetProperty("title").GetString().ShouldBe("✅ Task Completed");
        embed.GetProperty("color").GetInt32().ShouldBe(0x2ECC71);
        embed.GetProperty("description").GetString()!.ShouldContain("john_doe completed “Implement user authentication”");
        embed.GetProperty("timestamp").GetString().ShouldBe("2024-01-15T10:30:00.000Z");
        var fields = embed.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value").GetString());
        fields["Project"].ShouldBe("Web App Project");
        fields["Points"].ShouldBe("+25");
    }

    [Fact]
    public void Render_SeedEvents_HaveEachTheirOwnColourAndEmoji()
    {
        var embeds = SeedPayloads.Select(p => Render(Message(p.Key, p.Value)).GetProperty("embeds")[0]).ToList();

        embeds.Select(e => e.GetProperty("color").GetInt32()).Distinct().Count().ShouldBe(5);
        embeds.Select(e => e.GetProperty("title").GetString()!.Split(' ')[0]).ShouldBe(["✅", "🏆", "🚀", "🎯", "🔥"], ignoreOrder: true);
    }

    [Fact]
    public void Render_WithTenThousandCharacterDescription_CutsEveryPartWithinDiscordLimits()
    {
        var embed = Render(Overlong("task_completed", new string('a', 10_000))).GetProperty("embeds")[0];

        var description = embed.GetProperty("description").GetString()!;
        description.Length.ShouldBeLessThanOrEqualTo(DiscordRenderer.MaxDescription);
        description.ShouldEndWith("…");
        foreach (var field in embed.GetProperty("fields").EnumerateArray())
        {
            field.GetProperty("value").GetString()!.Length.ShouldBeLessThanOrEqualTo(DiscordRenderer.MaxFieldValue);
        }
        Total(embed).ShouldBeLessThanOrEqualTo(DiscordRenderer.MaxEmbedTotal);
    }

    [Fact]
    public void Render_WithMoreFieldsThanDiscordAllows_KeepsAtMost25AndStaysWithin6000InAll()
    {
        var embed = Render(ManyFields(40, 2000)).GetProperty("embeds")[0];

        var fields = embed.GetProperty("fields").EnumerateArray().ToList();
        fields.Count.ShouldBeLessThanOrEqualTo(DiscordRenderer.MaxFields);
        fields.Count.ShouldBeGreaterThan(0);
        fields.ShouldAllBe(f => f.GetProperty("name").GetString()!.Length <= DiscordRenderer.MaxFieldName
            && f.GetProperty("value").GetString()!.Length <= DiscordRenderer.MaxFieldValue);
        Total(embed).ShouldBeLessThanOrEqualTo(DiscordRenderer.MaxEmbedTotal);
        embed.GetProperty("description").GetString()!.Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Render_WithUnicodeHeavyText_StaysValidUtf8AndWithinLimits()
    {
        var text = string.Concat(Enumerable.Repeat(UnicodeHeavy, 400));
        var bytes = Renderer.Render(Overlong("badge_earned", text), Endpoint(EndpointKinds.Discord));

        // Strict decoding throws on a split surrogate pair or other invalid UTF-8.
        var decoded = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        decoded.ShouldNotContain("\\u");
        var embed = JsonDocument.Parse(bytes).RootElement.GetProperty("embeds")[0];
        embed.GetProperty("title").GetString().ShouldBe("🏆 Badge Earned");
        embed.GetProperty("description").GetString()!.Length.ShouldBeLessThanOrEqualTo(DiscordRenderer.MaxDescription);
        Total(embed).ShouldBeLessThanOrEqualTo(DiscordRenderer.MaxEmbedTotal);
    }

    [Fact]
    public void Render_WithoutMention_AllowsNoPings()
    {
        var body = Render(Message("project_created", """{"project_name":"@everyone look"}"""));

        body.TryGetProperty("content", out _).ShouldBeFalse();
        body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Render_WithMentionAndSender_PutsThemOutsideTheEmbed()
    {
        var body = Render(Message("daily_streak", SeedPayloads["daily_streak"]), new NotificationOptions { Mention = "<@&42>", Username = "Zentry Bot" });

        body.GetProperty("content").GetString().ShouldBe("<@&42>");
        body.GetProperty("username").GetString().ShouldBe("Zentry Bot");
        body.GetProperty("embeds")[0].GetProperty("footer").GetProperty("text").GetString().ShouldBe("Zentry Bot · daily_streak");
    }

    private static int Total(JsonElement embed) =>
        embed.GetProperty("title").GetString()!.Length
        + (embed.TryGetProperty("description", out var d) ? d.GetString()!.Length : 0)
        + embed.GetProperty("footer").GetProperty("text").GetString()!.Length
        + (embed.TryGetProperty("fields", out var fields)
            ? fields.EnumerateArray().Sum(f => f.GetProperty("name").GetString()!.Length + f.GetProperty("value").GetString()!.Length)
            : 0);
}
