using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hookline.Core.Templates;

/// <summary>
/// An endpoint's <c>transformation</c>, in either of its forms: <c>{"template_id": "tpl_…", "version"?: n}</c>,
/// or seed 002's <c>{"enabled": true, "template": …}</c> where <c>template</c> is an inline body (Liquid
/// text or a JSON document whose strings are Liquid) or the name of one of the app's templates.
/// </summary>
public abstract partial record TransformationSpec
{
    /// <summary>A template name: what a string <c>template</c> is taken as when it has no Liquid and no spaces in it.</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,255}$";

    /// <summary>The spec, or null when it turns transformation off (<c>"enabled": false</c>); errors name the field.</summary>
    public static TransformationSpec? Parse(JsonElement json, out IReadOnlyList<KeyValuePair<string, string>> errors, string field = "transformation")
    {
        var found = new List<KeyValuePair<string, string>>();
        errors = found;
        void Fail(string at, string message) => found.Add(KeyValuePair.Create(at, message));

        if (json.ValueKind == JsonValueKind.String)
        {
            return FromTemplateValue(json, null, null, field, Fail);
        }
        if (json.ValueKind != JsonValueKind.Object)
        {
            Fail(field, "must be {\"template_id\": \"tpl_…\", \"version\"?: n} or {\"enabled\": true, \"template\": …}");
            return null;
        }
        foreach (var p in json.EnumerateObject())
        {
            if (p.Name is not ("template_id" or "version" or "enabled" or "template" or "headers" or "content_type"))
            {
                Fail($"{field}.{p.Name}", "is not a transformation field; use template_id and version, or enabled and template");
            }
        }
        if (json.TryGetProperty("template_id", out var id))
        {
            if (json.TryGetProperty("template", out _))
            {
                Fail(field, "give either template_id or template, not both");
            }
            if (id.ValueKind != JsonValueKind.String || !(id.GetString() ?? "").StartsWith("tpl_", StringComparison.Ordinal))
            {
                Fail($"{field}.template_id", "must be a template id (tpl_…)");
            }
            int? version = null;
            if (json.TryGetProperty("version", out var v) && v.ValueKind != JsonValueKind.Null)
            {
                if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 1)
                {
                    version = n;
                }
                else
                {
                    Fail($"{field}.version", "must be a version number (1, 2, …); leave it out to follow the current version");
                }
            }
            return found.Count == 0 ? new TemplateReference(id.GetString()!, version) : null;
        }
        if (json.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fail($"{field}.enabled", "must be true or false");
        }
        if (!json.TryGetProperty("template", out var template) || template.ValueKind == JsonValueKind.Null)
        {
            Fail($"{field}.template", "is required: an inline template, or the name of one of the app's templates");
            return null;
        }
        if (json.TryGetProperty("version", out _))
        {
            Fail($"{field}.version", "goes with template_id");
        }
        Dictionary<string, string>? headers = null;
        if (json.TryGetProperty("headers", out var h) && h.ValueKind != JsonValueKind.Null)
        {
            if (h.ValueKind == JsonValueKind.Object && h.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String))
            {
                headers = h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            }
            else
            {
                Fail($"{field}.headers", "must be an object of header name → Liquid text");
            }
        }
        string? contentType = null;
        if (json.TryGetProperty("content_type", out var ct) && ct.ValueKind != JsonValueKind.Null)
        {
            if (ct.ValueKind == JsonValueKind.String)
            {
                contentType = ct.GetString();
            }
            else
            {
                Fail($"{field}.content_type", "must be a media type such as application/json");
            }
        }
        var spec = FromTemplateValue(template, headers, contentType, $"{field}.template", Fail);
        if (found.Count > 0)
        {
            return null;
        }
        return enabled.ValueKind == JsonValueKind.False ? null : spec;
    }

    /// <summary>Parses a stored transformation, which was checked when it was set.</summary>
    public static TransformationSpec? ParseStored(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement, out _);
    }

    private static TransformationSpec? FromTemplateValue(JsonElement template, Dictionary<string, string>? headers, string? contentType, string field, Action<string, string> fail)
    {
        if (template.ValueKind == JsonValueKind.String && Name().IsMatch(template.GetString()!))
        {
            if (headers is not null || contentType is not null)
            {
                fail(field, "a named template brings its own headers and content type");
            }
            return new NamedTemplate(template.GetString()!);
        }
        if (template.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            fail(field, "must be Liquid text, a JSON object or list whose strings are Liquid, or a template name");
            return null;
        }
        return new InlineTemplate(TemplateContent.FromJson(template, headers, contentType));
    }

    [GeneratedRegex(NamePattern)]
    private static partial Regex Name();
}

/// <summary>A stored template by id; <see cref="Version"/> pins one version, null follows the current one.</summary>
public sealed record TemplateReference(string TemplateId, int? Version) : TransformationSpec;

/// <summary>A stored template by its name in the endpoint's app, in its current version.</summary>
public sealed record NamedTemplate(string Name) : TransformationSpec;

/// <summary>A template written into the endpoint itself.</summary>
public sealed record InlineTemplate(TemplateContent Content) : TransformationSpec;
