using System.Text.Json;
using Hookline.Core.Templates;

namespace Hookline.Core.Tests.Templates;

public sealed class TransformationSpecTests
{
    private static TransformationSpec? Parse(string json, out IReadOnlyList<KeyValuePair<string, string>> errors)
    {
        using var document = JsonDocument.Parse(json);
        return TransformationSpec.Parse(document.RootElement, out errors);
    }

    [Fact]
    public void TemplateId_WithAndWithoutVersion()
    {
        Parse("""{"template_id": "tpl_1"}""", out _).ShouldBe(new TemplateReference("tpl_1", null));
        Parse("""{"template_id": "tpl_1", "version": 3}""", out _).ShouldBe(new TemplateReference("tpl_1", 3));
    }

    [Fact]
    public void Seed002Form_WithAName_IsANamedTemplate() =>
        Parse("""{"enabled": true, "template": "salesforce_lead_template"}""", out _).ShouldBe(new NamedTemplate("salesforce_lead_template"));

    [Fact]
    public void Seed002Form_WithAnObjectOrLiquidText_IsInline()
    {
        Parse("""{"enabled": true, "template": {"text": "Alert: {{ event_type }}"}}""", out _).ShouldBeOfType<InlineTemplate>()
            .Content.Body.ShouldContain("Alert");
        Parse("""{"template": "Hello {{ data.name }}", "content_type": "text/plain"}""", out _).ShouldBeOfType<InlineTemplate>()
            .Content.ContentType.ShouldBe("text/plain");
    }

    [Fact]
    public void EnabledFalse_TurnsTransformationOff()
    {
        Parse("""{"enabled": false, "template": {"a": "b"}}""", out var errors).ShouldBeNull();
        errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"template_id": "tpl_1", "template": "x"}""", "transformation")]
    [InlineData("""{"template_id": 5}""", "transformation.template_id")]
    [InlineData("""{"template": "x", "version": 2}""", "transformation.version")]
    [InlineData("""{"template": 5}""", "transformation.template")]
    [InlineData("""{"template": "name", "headers": {"X": "y"}}""", "transformation.template")]
    [InlineData("""{"templat": "x"}""", "transformation.templat")]
    [InlineData("[1]", "transformation")]
    public void WrongShape_NamesTheField(string json, string field)
    {
        Parse(json, out var errors).ShouldBeNull();
        errors.Select(e => e.Key).ShouldContain(field);
    }
}
