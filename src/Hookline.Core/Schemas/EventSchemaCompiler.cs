using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace Hookline.Core.Schemas;

/// <summary>
/// Checks and compiles event-type schemas (JSON Schema 2020-12). A schema is compiled once per
/// distinct text and cached; it may only refer inside itself (<c>#/$defs/…</c>): Hookline never
/// fetches a schema over the network.
/// </summary>
public sealed class EventSchemaCompiler
{
    public const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Past this many distinct schemas the cache starts over, which bounds its memory.</summary>
    public const int MaxEntries = 10_000;

    private static readonly string[] ReferenceKeywords = ["$ref", "$dynamicRef", "$recursiveRef"];
    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);

    /// <summary>Every problem with <paramref name="schema"/> as a schema; empty when it can be used.</summary>
    public static IReadOnlyList<SchemaError> Check(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return [new("", "a schema is a JSON object")];
        }
        var errors = new List<SchemaError>();
        if (schema.TryGetProperty("$schema", out var dialect) && (dialect.ValueKind != JsonValueKind.String || dialect.GetString()!.TrimEnd('#') != Draft202012))
        {
            errors.Add(new("/$schema", $"only JSON Schema 2020-12 is supported: leave $schema out or set it to {Draft202012}"));
        }
        FindReferenceErrors(schema, schema, "", errors);
        if (errors.Count > 0)
        {
            return errors;
        }
        var meta = MetaSchemas.Draft202012.Evaluate(schema, ListOutput);
        if (!meta.IsValid)
        {
            return Failures(meta).Select(e => e with { Message = "not a valid JSON Schema: " + e.Message }).DefaultIfEmpty(new("", "not a valid JSON Schema")).ToList();
        }
        try
        {
            Build(schema);
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or UriFormatException or NotSupportedException)
        {
            return [new("", "the schema can't be compiled: " + e.Message)];
        }
        return [];
    }

    /// <summary>The compiled form of a schema that passed <see cref="Check"/> when it was stored.</summary>
    public JsonSchema Get(string schemaJson)
    {
        if (_compiled.TryGetValue(schemaJson, out var schema))
        {
            return schema;
        }
        if (_compiled.Count >= MaxEntries)
        {
            _compiled.Clear();
        }
        return _compiled.GetOrAdd(schemaJson, json =>
        {
            using var document = JsonDocument.Parse(json);
            return Build(document.RootElement.Clone());
        });
    }

    /// <summary>Every way <paramref name="payload"/> fails the schema; empty when it conforms.</summary>
    public IReadOnlyList<SchemaError> Validate(string schemaJson, JsonElement payload)
    {
        EvaluationResults results;
        try
        {
            results = Get(schemaJson).Evaluate(payload, ListOutput);
        }
        catch (Exception e) when (e is JsonSchemaException or InvalidOperationException or ArgumentException)
        {
            return [new("", "the event type's schema can't be evaluated: " + e.Message)];
        }
        return results.IsValid ? [] : Failures(results).DefaultIfEmpty(new("", "does not match the schema")).ToList();
    }

    private static JsonSchema Build(JsonElement schema) =>
        // Each schema gets a registry and a base URI of its own, so an $id in one can't clash with, or be reached from, another.
        JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"urn:hookline:schema:{Guid.NewGuid():N}"));

    private static IEnumerable<SchemaError> Failures(EvaluationResults results)
    {
        var all = results.Details is { Count: > 0 } details ? details.Prepend(results) : [results];
        return all.Where(r => !r.IsValid && r.Errors is { Count: > 0 })
            .SelectMany(r => r.Errors!.Select(e => new SchemaError(r.InstanceLocation.ToString(), e.Value)))
            .Distinct()
            .Take(50);
    }

    private static void FindReferenceErrors(JsonElement root, JsonElement e, string pointer, List<SchemaError> errors)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    var at = $"{pointer}/{p.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
                    if (ReferenceKeywords.Contains(p.Name, StringComparer.Ordinal) && p.Value.ValueKind == JsonValueKind.String)
                    {
                        var target = p.Value.GetString()!;
                        if (!target.StartsWith('#'))
                        {
                            errors.Add(new(at, "refers outside the schema; Hookline never fetches schemas over the network: put the schema under $defs and refer to it as #/$defs/…"));
                        }
                        else if (!LocalTargetExists(root, target))
                        {
                            errors.Add(new(at, $"refers to {target}, which is not in the schema"));
                        }
                    }
                    FindReferenceErrors(root, p.Value, at, errors);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    FindReferenceErrors(root, item, $"{pointer}/{i++}", errors);
                }
                break;
        }
    }

    /// <summary>
    /// Whether <c>#/a/b</c> (a JSON pointer) or <c>#name</c> (an <c>$anchor</c>) names something in
    /// the document. The library only finds out on first use, which would be at publish time.
    /// </summary>
    private static bool LocalTargetExists(JsonElement root, string target)
    {
        var fragment = Uri.UnescapeDataString(target[1..]);
        if (fragment.Length == 0)
        {
            return true;
        }
        if (!fragment.StartsWith('/'))
        {
            return HasAnchor(root, fragment);
        }
        var current = root;
        foreach (var raw in fragment[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    private static bool HasAnchor(JsonElement e, string anchor) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Any(p =>
            (p.Name is "$anchor" or "$dynamicAnchor" && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == anchor) || HasAnchor(p.Value, anchor)),
        JsonValueKind.Array => e.EnumerateArray().Any(item => HasAnchor(item, anchor)),
        _ => false,
    };
}
