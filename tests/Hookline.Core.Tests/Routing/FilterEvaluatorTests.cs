using System.Text.Json;
using Hookline.Core.Routing;

namespace Hookline.Core.Tests.Routing;

public sealed class FilterEvaluatorTests
{
    private const string Lead = """
        {"lead": {"id": "lead_123", "name": "John Doe", "email": "John.Doe@Example.com", "score": 85, "tags": ["vip", "web"],
                  "source": "website", "phone_score": "72", "created_at": "2025-08-05T17:30:00Z", "owner": null}}
        """;

    private static bool Matches(string filter, string payload = Lead, string type = "lead.created")
    {
        using var f = JsonDocument.Parse(filter);
        var node = FilterParser.Parse(f.RootElement, out var errors);
        errors.ShouldBeEmpty();
        using var data = JsonDocument.Parse(payload);
        return FilterEvaluator.Matches(node!, new FilterSubject("msg_1", type, "evt_1", "2025-08-05T17:30:00.000Z", data.RootElement));
    }

    [Fact]
    public void Seed002Filter_PassesScoreAbove80_AndRefusesScoreAtOrBelow80()
    {
        const string seed = """{"field_path": "data.lead.score", "operator": "greater_than", "value": 80, "case_sensitive": false}""";
        Matches(seed, """{"lead": {"score": 85}}""").ShouldBeTrue();
        Matches(seed, """{"lead": {"score": 80}}""").ShouldBeFalse();
        Matches(seed, """{"lead": {"score": 12.5}}""").ShouldBeFalse();
        Matches(seed, """{"lead": {}}""").ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"field_path": "data.lead.source", "operator": "equals", "value": "website"}""", true)]
    [InlineData("""{"field_path": "data.lead.source", "operator": "equals", "value": "WEBSITE"}""", false)]
    [InlineData("""{"field_path": "data.lead.source", "operator": "equals", "value": "WEBSITE", "case_sensitive": false}""", true)]
    [InlineData("""{"field_path": "data.lead.source", "operator": "not_equals", "value": "website"}""", false)]
    [InlineData("""{"field_path": "data.lead.score", "operator": "equals", "value": 85}""", true)]
    [InlineData("""{"field_path": "data.lead.score", "operator": "greater_than_or_equal", "value": 85}""", true)]
    [InlineData("""{"field_path": "data.lead.score", "operator": "less_than", "value": 85}""", false)]
    [InlineData("""{"field_path": "data.lead.score", "operator": "less_than_or_equal", "value": 85}""", true)]
    [InlineData("""{"field_path": "data.lead.phone_score", "operator": "greater_than", "value": 70}""", true)]
    [InlineData("""{"field_path": "data.lead.email", "operator": "contains", "value": "example.com", "case_sensitive": false}""", true)]
    [InlineData("""{"field_path": "data.lead.email", "operator": "contains", "value": "example.com"}""", false)]
    [InlineData("""{"field_path": "data.lead.tags", "operator": "contains", "value": "vip"}""", true)]
    [InlineData("""{"field_path": "data.lead.tags", "operator": "not_contains", "value": "vip"}""", false)]
    [InlineData("""{"field_path": "data.lead.name", "operator": "starts_with", "value": "John"}""", true)]
    [InlineData("""{"field_path": "data.lead.name", "operator": "ends_with", "value": "doe", "case_sensitive": false}""", true)]
    [InlineData("""{"field_path": "data.lead.source", "operator": "in", "value": ["website", "referral"]}""", true)]
    [InlineData("""{"field_path": "data.lead.source", "operator": "not_in", "value": ["website", "referral"]}""", false)]
    [InlineData("""{"field_path": "data.lead.tags", "operator": "in", "value": ["web"]}""", true)]
    [InlineData("""{"field_path": "data.lead.owner", "operator": "exists"}""", true)]
    [InlineData("""{"field_path": "data.lead.owner", "operator": "equals", "value": null}""", true)]
    [InlineData("""{"field_path": "data.lead.missing", "operator": "exists"}""", false)]
    [InlineData("""{"field_path": "data.lead.missing", "operator": "not_exists"}""", true)]
    [InlineData("""{"field_path": "data.lead.id", "operator": "regex", "value": "^lead_[0-9]+$"}""", true)]
    [InlineData("""{"field_path": "data.lead.id", "operator": "regex", "value": "^LEAD_", "case_sensitive": false}""", true)]
    [InlineData("""{"field_path": "data.lead.created_at", "operator": "greater_than", "value": "2025-01-01T00:00:00Z"}""", true)]
    [InlineData("""{"field_path": "data.lead.tags[1]", "operator": "equals", "value": "web"}""", true)]
    [InlineData("""{"field_path": "data.lead.tags.0", "operator": "equals", "value": "vip"}""", true)]
    [InlineData("""{"field_path": "type", "operator": "starts_with", "value": "lead."}""", true)]
    [InlineData("""{"field_path": "event_type", "operator": "equals", "value": "lead.created"}""", true)]
    [InlineData("""{"field_path": "id", "operator": "equals", "value": "msg_1"}""", true)]
    public void Operator_OnLeadPayload_DecidesAsDocumented(string filter, bool expected) => Matches(filter).ShouldBe(expected);

    [Theory]
    [InlineData("equals", "\"85\"", true)]
    [InlineData("greater_than", "\"80\"", true)]
    [InlineData("equals", "true", false)]
    [InlineData("contains", "8", false)]
    public void NumberField_AgainstOtherTypes_FollowsTypeRules(string op, string value, bool expected) =>
        // A number compares as a number with a numeric string, is never equal to a boolean, and has no substrings.
        Matches($$"""{"field_path": "data.lead.score", "operator": "{{op}}", "value": {{value}}}""").ShouldBe(expected);

    [Theory]
    [InlineData("not_equals")]
    [InlineData("not_contains")]
    public void NegativeOperators_OnMissingField_Pass(string op) =>
        Matches($$"""{"field_path": "data.nothing.here", "operator": "{{op}}", "value": "x"}""").ShouldBeTrue();

    [Fact]
    public void NotIn_OnMissingField_Passes() =>
        Matches("""{"field_path": "data.nothing", "operator": "not_in", "value": ["x"]}""").ShouldBeTrue();

    [Theory]
    [InlineData("greater_than")]
    [InlineData("less_than")]
    [InlineData("equals")]
    public void PositiveOperators_OnMissingField_Fail(string op) =>
        Matches($$"""{"field_path": "data.lead.nothing", "operator": "{{op}}", "value": 1}""").ShouldBeFalse();

    [Fact]
    public void Groups_CombineAsAllAnyNot()
    {
        const string filter = """
            {"all": [
              {"field_path": "data.lead.score", "operator": "greater_than", "value": 80},
              {"any": [
                {"field_path": "data.lead.source", "operator": "equals", "value": "referral"},
                {"field_path": "data.lead.tags", "operator": "contains", "value": "vip"}
              ]},
              {"not": {"field_path": "data.lead.email", "operator": "ends_with", "value": "@spam.test"}}
            ]}
            """;
        Matches(filter).ShouldBeTrue();
        Matches(filter, """{"lead": {"score": 90, "source": "web", "tags": [], "email": "a@b.c"}}""").ShouldBeFalse();
        Matches(filter, """{"lead": {"score": 90, "source": "referral", "email": "x@spam.test"}}""").ShouldBeFalse();
    }

    [Fact]
    public void Regex_BuiltToBacktrack_StillAnswersQuickly()
    {
        var text = new string('a', 50_000) + "!";
        var started = TimeProvider.System.GetTimestamp();
        Matches("""{"field_path": "data.s", "operator": "regex", "value": "^(a+)+$"}""", JsonSerializer.Serialize(new { s = text })).ShouldBeFalse();
        // The non-backtracking engine is linear; a backtracking one would not finish this in any useful time.
        TimeProvider.System.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
