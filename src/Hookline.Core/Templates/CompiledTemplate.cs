using System.Text.Json;
using Fluid;

namespace Hookline.Core.Templates;

/// <summary>A parsed template, ready to render any number of times from any thread.</summary>
public sealed class CompiledTemplate
{
    internal CompiledTemplate(BodyTemplate body, IReadOnlyList<KeyValuePair<string, IFluidTemplate>> headers, string contentType)
    {
        Body = body;
        Headers = headers;
        ContentType = contentType;
    }

    internal BodyTemplate Body { get; }
    internal IReadOnlyList<KeyValuePair<string, IFluidTemplate>> Headers { get; }
    public string ContentType { get; }
}

/// <summary>The body: Liquid text, or a JSON document whose strings are Liquid.</summary>
internal abstract record BodyTemplate;

internal sealed record TextBody(IFluidTemplate Template) : BodyTemplate;

internal sealed record JsonBody(JsonPart Root) : BodyTemplate;

internal abstract record JsonPart;

/// <summary>A value copied as is: numbers, booleans, null, and strings without Liquid in them.</summary>
internal sealed record JsonLiteral(JsonElement Value) : JsonPart;

internal sealed record JsonLiquid(IFluidTemplate Template) : JsonPart;

internal sealed record JsonObjectPart(IReadOnlyList<KeyValuePair<string, JsonPart>> Properties) : JsonPart;

internal sealed record JsonArrayPart(IReadOnlyList<JsonPart> Items) : JsonPart;
