using System.Text;
using System.Text.Json;
using Hookline.Core.Routing;

namespace Hookline.Core.Tests.Routing;

public sealed class FilterParserTests
{
    private static IReadOnlyList<FilterError> Errors(string filter)
    {
        using var document = JsonDocument.Parse(filter, new JsonDocumentOptions { MaxDepth = 4096 });
        FilterParser.Parse(document.RootElement, out var errors);
        return errors;
    }

    [Fact]
    public void UnknownOperator_InsideGroup_IsNamedByItsPlace()
    {
        var errors = Errors("""
            {"all": [
              {"field_path": "data.a", "operator": "equals", "value": 1},
              {"field_path": "data.b", "operator": "exists"},
              {"field_path": "data.c", "operator": "bigger_than", "value": 1}
            ]}
            """);
        errors.ShouldHaveSingleItem().Field.ShouldBe("filter.all[2].operator");
        errors[0].Message.ShouldContain("bigger_than");
    }

    [Fact]
    public void BadRegex_IsRefusedAtValue() =>
        Errors("""{"field_path": "data.a", "operator": "regex", "value": "(unclosed"}""").ShouldHaveSingleItem().Field.ShouldBe("filter.value");

    [Fact]
    public void RegexWithBackreference_IsRefusedAsUnsupported() =>
        Errors("""{"field_path": "data.a", "operator": "regex", "value": "(a)\\1"}""").ShouldHaveSingleItem().Message.ShouldContain("backreferences");

    [Theory]
    [InlineData("""{"field_path": "data.a", "operator": "greater_than", "value": true}""", "filter.value")]
    [InlineData("""{"field_path": "data.a", "operator": "in", "value": "x"}""", "filter.value")]
    [InlineData("""{"field_path": "data.a", "operator": "starts_with", "value": 3}""", "filter.value")]
    [InlineData("""{"field_path": "data.a", "operator": "equals"}""", "filter.value")]
    [InlineData("""{"field_path": "data.a", "operator": "exists", "value": 3}""", "filter.value")]
    [InlineData("""{"field_path": "data.a", "operator": "equals", "value": 1, "case_sensitive": "no"}""", "filter.case_sensitive")]
    [InlineData("""{"field_path": "lead.score", "operator": "equals", "value": 1}""", "filter.field_path")]
    [InlineData("""{"field_path": "data.items[x]", "operator": "equals", "value": 1}""", "filter.field_path")]
    [InlineData("""{"operator": "equals", "value": 1}""", "filter.field_path")]
    [InlineData("""{"field_path": "data.a", "value": 1}""", "filter.operator")]
    [InlineData("""{"field_path": "data.a", "operator": "equals", "value": 1, "colour": "red"}""", "filter.colour")]
    [InlineData("""{"any": []}""", "filter.any")]
    [InlineData("""{"all": [1]}""", "filter.all[0]")]
    [InlineData("""{"not": {"field_path": "data.a", "operator": "nope"}}""", "filter.not.operator")]
    [InlineData("""{"all": [], "any": []}""", "filter")]
    public void WrongShape_IsRefusedNamingTheField(string filter, string field) =>
        Errors(filter).Select(e => e.Field).ShouldContain(field);

    [Fact]
    public void ThousandDeepFilter_IsRefusedWithoutDescendingAllTheWay()
    {
        var deep = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            deep.Append("""{"not": """);
        }
        deep.Append("""{"field_path": "data.a", "operator": "exists"}""").Append('}', 1000);
        var error = Errors(deep.ToString()).ShouldHaveSingleItem();
        error.Message.ShouldContain($"deeper than {FilterLimits.MaxDepth}");
    }

    [Fact]
    public void TooManyConditions_AreRefused()
    {
        var conditions = Enumerable.Range(0, 3).Select(_ =>
            "{\"any\": [" + string.Join(",", Enumerable.Repeat("""{"field_path": "data.a", "operator": "exists"}""", 90)) + "]}");
        var errors = Errors("{\"all\": [" + string.Join(",", conditions) + "]}");
        errors.ShouldContain(e => e.Field == "filter" && e.Message.Contains("conditions", StringComparison.Ordinal));
    }

    [Fact]
    public void FilterCache_ParsesEachDistinctFilterOnce()
    {
        var cache = new FilterCache();
        const string json = """{"field_path": "data.a", "operator": "exists"}""";
        cache.Get(json).ShouldBeSameAs(cache.Get(new string(json.ToCharArray())));
    }
}
