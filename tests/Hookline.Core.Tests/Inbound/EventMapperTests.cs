using System.Text;
using System.Text.Json;
using Hookline.Core.Inbound;
using Hookline.Core.Inbound.Mapping;

namespace Hookline.Core.Tests.Inbound;

public class EventMapperTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Source NewSource(SourceMapping? mapping = null, string type = VerificationTypes.None, IReadOnlyList<string>? allowed = null, SourceDedupe? dedupe = null) => new()
    {
        Id = "src_1",
        AppId = "app_1",
        Name = "CDR System",
        Verification = new SourceVerification { Type = type },
        Mapping = mapping,
        AllowedEventTypes = allowed ?? [],
        Dedupe = dedupe,
        CreatedAt = Received,
        UpdatedAt = Received,
    };

    private static MappedEvent Map(string json, Source source, params (string, string)[] headers)
    {
        using var doc = JsonDocument.Parse(json);
        var request = new InboundRequest
        {
            Body = Encoding.UTF8.GetBytes(json),
            Headers = InboundRequest.HeaderMap(headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2))),
        };
        return EventMapper.Map(doc.RootElement.Clone(), request, source, Received);
    }

    private static readonly SourceMapping CdrMapping = new()
    {
        CustomerIdField = "msisdn",
        EventTypeField = "cdr_type",
        TimestampField = "event_time",
        ValueField = "duration",
    };

    [Fact]
    public void Map_SeedCdrMapping_ReadsTheFourFields()
    {
        var e = Map("""{"msisdn":"1234567890","cdr_type":"data_usage","event_time":"2024-01-01T12:00:00Z","duration":100.5}""", NewSource(CdrMapping));
        e.CustomerId.ShouldBe("1234567890");
        e.EventType.ShouldBe("data_usage");
        e.Timestamp.ShouldBe(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero));
        e.Value.ShouldBe("100.5");
    }

    [Fact]
    public void Map_WithoutMapping_ReadsNormalizedNamesAndTheirMetadata()
    {
        var e = Map("""{"customer_id":"123e4567","event_type":"data_usage","timestamp":"2024-01-01T12:00:00Z","value":100.5,"metadata":{"data_mb":100.5,"network_type":"4G"}}""",
            NewSource());
        e.CustomerId.ShouldBe("123e4567");
        JsonDocument.Parse(e.Metadata).RootElement.GetProperty("network_type").GetString().ShouldBe("4G");
    }

    [Fact]
    public void Map_MappedSourceGivenNormalizedNames_FallsBackToThem()
    {
        // Seed 000 sends both shapes to its "CDR System" source.
        var e = Map("""{"customer_id":"c-1","event_type":"recharge","timestamp":"2024-01-01T12:00:00Z"}""", NewSource(CdrMapping with { ValueField = null }));
        e.CustomerId.ShouldBe("c-1");
        e.EventType.ShouldBe("recharge");
    }

    [Fact]
    public void Map_MissingMappedField_Is422NamingFieldAndPath()
    {
        var refusal = Should.Throw<InboundRefusal>(() => Map("""{"cdr_type":"data_usage","event_time":"2024-01-01T12:00:00Z","duration":1}""", NewSource(CdrMapping)));
        refusal.Status.ShouldBe(422);
        refusal.Errors!.Keys.ShouldBe(["customer_id"]);
        refusal.Errors["customer_id"][0].ShouldContain("'msisdn'");
    }

    [Fact]
    public void Map_DottedPathsWithIndexes_AndConstants()
    {
        var mapping = new SourceMapping
        {
            CustomerIdField = "data.account.id",
            EventType = "order.line",
            ValueField = "data.items[1].price",
            MetadataFields = new Dictionary<string, string> { ["sku"] = "data.items[0].sku", ["region"] = "header:X-Region", ["absent"] = "nope.none" },
            Constants = new Dictionary<string, JsonElement> { ["feed"] = JsonDocument.Parse("\"cdr\"").RootElement.Clone() },
        };
        var e = Map("""{"data":{"account":{"id":42},"items":[{"sku":"A-1","price":3},{"sku":"B-2","price":7.25}]}}""", NewSource(mapping), ("X-Region", "eu-west"));
        e.CustomerId.ShouldBe("42");
        e.EventType.ShouldBe("order.line");
        e.Value.ShouldBe("7.25");
        e.Timestamp.ShouldBe(Received);
        var metadata = JsonDocument.Parse(e.Metadata).RootElement;
        metadata.GetProperty("sku").GetString().ShouldBe("A-1");
        metadata.GetProperty("region").GetString().ShouldBe("eu-west");
        metadata.GetProperty("feed").GetString().ShouldBe("cdr");
        metadata.TryGetProperty("absent", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("\"2024-01-01T12:00:00Z\"")]
    [InlineData("\"2024-01-01T14:00:00+02:00\"")]
    [InlineData("1704110400")]
    [InlineData("1704110400000")]
    [InlineData("\"1704110400\"")]
    public void Map_Timestamps_IsoAndUnixSecondsAndMilliseconds(string raw)
    {
        var e = Map($$"""{"customer_id":"c","event_type":"t","timestamp":{{raw}}}""", NewSource());
        e.Timestamp.ShouldBe(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"01/02/2024\"")]
    [InlineData("-5")]
    [InlineData("true")]
    [InlineData("1e30")]
    public void Map_BadTimestamp_Is422(string raw)
    {
        var refusal = Should.Throw<InboundRefusal>(() => Map($$"""{"customer_id":"c","event_type":"t","timestamp":{{raw}}}""", NewSource()));
        refusal.Errors!.Keys.ShouldContain("timestamp");
        refusal.Errors["timestamp"][0].ShouldContain("'timestamp'");
    }

    [Fact]
    public void Map_EventTypeOutsideAllowedList_Is422()
    {
        var refusal = Should.Throw<InboundRefusal>(() => Map("""{"customer_id":"c","event_type":"fraud"}""", NewSource(allowed: ["data_usage", "recharge"])));
        refusal.Errors!["event_type"][0].ShouldContain("allowed_event_types");
        Map("""{"customer_id":"c","event_type":"recharge"}""", NewSource(allowed: ["data_usage", "recharge"])).EventType.ShouldBe("recharge");
    }

    [Fact]
    public void Map_GitHubDefaults_ReadEventHeaderActionAndDeliveryId()
    {
        var e = Map("""{"action":"opened","sender":{"login":"octocat"}}""", NewSource(type: VerificationTypes.GitHub),
            ("X-GitHub-Event", "issues"), ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"));
        e.EventType.ShouldBe("issues.opened");
        e.CustomerId.ShouldBe("octocat");
        e.DedupeKey.ShouldBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    }

    [Fact]
    public void Map_StripeDefaults_ReadTypeCreatedCustomerAndEventId()
    {
        var e = Map("""{"id":"evt_1N","type":"invoice.paid","created":1704110400,"data":{"object":{"customer":"cus_9"}}}""", NewSource(type: VerificationTypes.Stripe));
        e.EventType.ShouldBe("invoice.paid");
        e.CustomerId.ShouldBe("cus_9");
        e.Timestamp.ShouldBe(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero));
        e.DedupeKey.ShouldBe("evt_1N");
    }

    [Fact]
    public void Map_DedupeByBodyPath_ReadsThatValue()
    {
        var e = Map("""{"customer_id":"c","event_type":"t","ref":{"n":991}}""", NewSource(dedupe: new SourceDedupe(Path: "ref.n")));
        e.DedupeKey.ShouldBe("991");
    }

    [Theory]
    [InlineData("data.items[0].sku", true)]
    [InlineData("a", true)]
    [InlineData("[2].x", true)]
    [InlineData("header:X-Event", true)]
    [InlineData("a..b", false)]
    [InlineData("a.", false)]
    [InlineData("items[x]", false)]
    [InlineData("items[0", false)]
    [InlineData("", false)]
    [InlineData("header:", false)]
    public void FieldPath_Parse_AcceptsDottedPathsWithIndexes(string text, bool valid) =>
        FieldPath.TryParse(text, out _, out _).ShouldBe(valid);
}
