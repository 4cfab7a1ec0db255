using System.Text.Json;
using Fluid.Values;

namespace Hookline.Core.Templates;

/// <summary>
/// What a template sees: the envelope (<c>id</c>, <c>type</c>, <c>timestamp</c>, <c>data</c>),
/// seed 002's names for the same (<c>event_type</c>, <c>event_id</c>), and the <c>endpoint</c>.
/// </summary>
public sealed class TemplateModel
{
    private TemplateModel(IReadOnlyDictionary<string, FluidValue> roots) => Roots = roots;

    internal IReadOnlyDictionary<string, FluidValue> Roots { get; }

    public static TemplateModel Create(string id, string type, string? eventId, string timestamp, JsonElement data, TemplateEndpoint? endpoint)
    {
        var roots = new Dictionary<string, FluidValue>(StringComparer.Ordinal)
        {
            ["id"] = new StringValue(id),
            ["type"] = new StringValue(type),
            ["event_type"] = new StringValue(type),
            ["event_id"] = new StringValue(eventId ?? id),
            ["timestamp"] = new StringValue(timestamp),
            ["data"] = From(data),
        };
        if (endpoint is not null)
        {
            roots["endpoint"] = Object(new Dictionary<string, FluidValue>(StringComparer.Ordinal)
            {
                ["id"] = new StringValue(endpoint.Id),
                ["url"] = new StringValue(endpoint.Url),
                ["description"] = endpoint.Description is null ? NilValue.Instance : new StringValue(endpoint.Description),
                ["metadata"] = Object(endpoint.Metadata.ToDictionary(kv => kv.Key, kv => (FluidValue)new StringValue(kv.Value), StringComparer.Ordinal)),
            });
        }
        return new TemplateModel(roots);
    }

    /// <summary>A JSON value as Liquid sees it; numbers become Liquid's decimals.</summary>
    public static FluidValue From(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => Object(e.EnumerateObject()
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => From(g.Last().Value), StringComparer.Ordinal)),
        JsonValueKind.Array => new ArrayValue(e.EnumerateArray().Select(From).ToArray()),
        JsonValueKind.String => new StringValue(e.GetString()!),
        JsonValueKind.Number => e.TryGetDecimal(out var d) ? NumberValue.Create(d) : new StringValue(e.GetRawText()),
        JsonValueKind.True => BooleanValue.True,
        JsonValueKind.False => BooleanValue.False,
        _ => NilValue.Instance,
    };

    private static DictionaryValue Object(Dictionary<string, FluidValue> values) => new(new FluidValueDictionaryFluidIndexable(values));
}

/// <summary>The endpoint's fields a template may use.</summary>
public sealed record TemplateEndpoint(string Id, string Url, string? Description, IReadOnlyDictionary<string, string> Metadata);
