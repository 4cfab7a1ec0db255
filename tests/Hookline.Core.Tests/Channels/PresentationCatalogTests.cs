using Hookline.Core.Channels;
using Hookline.Core.Operations;
using static Hookline.Core.Tests.Channels.ChannelSamples;

namespace Hookline.Core.Tests.Channels;

public sealed class PresentationCatalogTests
{
    [Fact]
    public void For_UnknownEventType_TitlesItFromTheTypeAndShowsTopLevelValues()
    {
        var p = PresentationCatalog.For(Message("invoice.paid", GenericPayload));

        p.Heading.ShouldBe("🔔 Invoice Paid");
        p.Fields.Select(f => (f.Name, f.Value)).ShouldBe([
            ("Invoice", "1001"), ("Amount", "4200"), ("Currency", "EUR"), ("Paid", "true"), ("Lines", """[{"sku":"A","qty":2}]"""),
        ]);
        p.Footer.ShouldBe("Hookline · invoice.paid");
    }

    [Fact]
    public void For_TestEvent_ShowsTheTestMessageAsText()
    {
        var p = PresentationCatalog.For(Message(GenericPresentation.TestEventType, """{"test":true,"message":"Hello from Zentry!","endpoint_id":"ep_1"}"""));

        p.Heading.ShouldBe("🧪 Test notification");
        p.Description.ShouldBe("Hello from Zentry!");
        p.Fields.ShouldHaveSingleItem().Name.ShouldBe("Endpoint id");
    }

    [Fact]
    public void For_SeedEventMissingValues_LeavesOutWhatIsMissing()
    {
        var p = PresentationCatalog.For(Message("task_completed", """{"task_title":"Write docs"}"""));

        p.Heading.ShouldBe("✅ Task Completed");
        p.Description.ShouldBeNull();
        p.Fields.ShouldBeEmpty();
    }

    [Fact]
    public void For_PayloadThatIsNotAnObject_StillPresentsTheEvent()
    {
        var p = PresentationCatalog.For(Message("badge_earned", "[1,2,3]"));

        p.Heading.ShouldBe("🏆 Badge Earned");
        p.Fields.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(OperationalEventTypes.EndpointDisabled, "🚨 Endpoint disabled", Tone.Attention)]
    [InlineData(OperationalEventTypes.CircuitOpened, "🔴 Circuit opened", Tone.Attention)]
    [InlineData(OperationalEventTypes.AttemptFailing, "⚠️ Delivery failing", Tone.Warning)]
    [InlineData(OperationalEventTypes.AttemptExhausted, "☠️ Delivery dead", Tone.Attention)]
    [InlineData(OperationalEventTypes.AttemptRecovered, "✅ Delivery recovered", Tone.Good)]
    [InlineData(OperationalEventTypes.CircuitClosed, "🟢 Circuit closed", Tone.Good)]
    public void For_OperationalEvent_IsAnAlert(string type, string heading, Tone tone)
    {
        var p = PresentationCatalog.For(Message(type, """{"type":"x","endpoint_id":"ep_9","url":"https://hooks.slack.com/services/T/B/secret","at":"2025-03-01T12:00:00+00:00"}"""));

        p.IsAlert.ShouldBeTrue();
        p.Heading.ShouldBe(heading);
        p.Tone.ShouldBe(tone);
        p.Timestamp.ShouldBe(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        p.Fields.Single(f => f.Name == "Target").Value.ShouldBe("https://hooks.slack.com");
    }

    [Fact]
    public void For_MoreValuesThanAnyPlatformShows_KeepsTheFirst25()
    {
        PresentationCatalog.For(ManyFields(40, 10)).Fields.Count.ShouldBe(PresentationCatalog.MaxFields);
    }
}
