using System.Text.Json;
using Hookline.Core.Schemas;

namespace Hookline.Core.Tests.Schemas;

public sealed class EventSchemaCompilerTests
{
    private const string LeadSchema = """
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "type": "object", "required": ["lead"],
         "properties": {"lead": {"type": "object", "required": ["id", "score"],
           "properties": {"id": {"type": "string"}, "score": {"type": "number", "minimum": 0}, "email": {"$ref": "#/$defs/email"}}}},
         "$defs": {"email": {"type": "string", "pattern": "@"}}}
        """;

    private static IReadOnlyList<SchemaError> Check(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return EventSchemaCompiler.Check(document.RootElement);
    }

    private static IReadOnlyList<SchemaError> Validate(string schema, string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return new EventSchemaCompiler().Validate(schema, document.RootElement);
    }

    [Fact]
    public void ValidSchema_WithLocalRef_IsAccepted() => Check(LeadSchema).ShouldBeEmpty();

    [Fact]
    public void ConformingPayload_HasNoErrors() =>
        Validate(LeadSchema, """{"lead": {"id": "lead_1", "score": 85, "email": "a@b.c"}}""").ShouldBeEmpty();

    [Fact]
    public void BadPayload_ReportsJsonPointerOfEachWrongField()
    {
        var errors = Validate(LeadSchema, """{"lead": {"id": 7, "score": "high", "email": "nope"}}""");
        errors.Select(e => e.Pointer).ShouldBe(["/lead/id", "/lead/score", "/lead/email"], ignoreOrder: true);
    }

    [Fact]
    public void MissingRequiredField_IsReportedAtItsParent() =>
        Validate(LeadSchema, """{"lead": {"id": "x"}}""").ShouldHaveSingleItem().Pointer.ShouldBe("/lead");

    [Theory]
    [InlineData("""{"$ref": "https://example.com/schemas/lead.json"}""", "/$ref")]
    [InlineData("""{"properties": {"a": {"$ref": "other.json#/x"}}}""", "/properties/a/$ref")]
    public void RemoteRef_IsRefusedWithItsPointer(string schema, string pointer)
    {
        var error = Check(schema).ShouldHaveSingleItem();
        error.Pointer.ShouldBe(pointer);
        error.Message.ShouldContain("network");
    }

    [Theory]
    [InlineData("""{"type": "strnig"}""")]
    [InlineData("""{"minimum": "five"}""")]
    [InlineData("""{"required": "lead"}""")]
    [InlineData("[]")]
    [InlineData("""{"$schema": "http://json-schema.org/draft-04/schema#"}""")]
    public void InvalidSchema_IsRefused(string schema) => Check(schema).ShouldNotBeEmpty();

    [Fact]
    public void UnresolvableLocalRef_IsRefused() => Check("""{"$ref": "#/$defs/missing"}""").ShouldNotBeEmpty();

    [Fact]
    public void SameSchemaText_IsCompiledOnce()
    {
        var compiler = new EventSchemaCompiler();
        compiler.Get(LeadSchema).ShouldBeSameAs(compiler.Get(LeadSchema));
    }

    [Fact]
    public void TwoSchemasWithTheSameId_DoNotClash()
    {
        const string a = """{"$id": "https://acme.test/lead", "type": "string"}""";
        const string b = """{"$id": "https://acme.test/lead", "type": "number"}""";
        Check(a).ShouldBeEmpty();
        Check(b).ShouldBeEmpty();
        Validate(a, "\"x\"").ShouldBeEmpty();
        Validate(b, "1").ShouldBeEmpty();
    }
}
