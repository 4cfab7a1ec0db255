using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hookline.Core.Inbound.Mapping;

/// <summary>
/// Turns a sender's event into the normalized fields by the source's mapping. A mapped field that is
/// not where the mapping says falls back to its normalized name, so one source takes both seed 000
/// shapes; a required field found nowhere is refused with 422 naming the field and the paths looked at.
/// </summary>
public static class EventMapper
{
    public const int MaxCustomerIdLength = 256;
    /// <summary>Longer provider ids are not used for de-duplication: with the source id they must fit a message event_id.</summary>
    public const int MaxDedupeKeyLength = 200;

    public static MappedEvent Map(JsonElement body, InboundRequest request, Source source, DateTimeOffset receivedAt)
    {
        var mapping = source.Mapping ?? new SourceMapping();
        var defaults = ProviderDefaults.For(source.Verification.Type);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        var customerPaths = Paths(mapping.CustomerIdField, defaults.CustomerId, "customer_id");
        var customerRequired = mapping.CustomerIdField is not null || defaults.CustomerRequired;
        var customerId = Find(body, request, customerPaths) is { } c ? CustomerText(c) : null;
        if (customerId is null && (customerRequired || Find(body, request, customerPaths) is not null))
        {
            errors["customer_id"] = [Find(body, request, customerPaths) is null
                ? $"no value at {Describe(customerPaths)}"
                : $"the value at {Describe(customerPaths)} must be a string or number of 1–{MaxCustomerIdLength} characters"];
        }

        var eventType = mapping.EventType;
        if (eventType is null)
        {
            var typePaths = Paths(mapping.EventTypeField, defaults.EventType, "event_type");
            eventType = Find(body, request, typePaths) is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
            if (eventType is not null && mapping.EventTypeField is null && defaults.EventType.StartsWith(FieldPath.HeaderPrefix, StringComparison.Ordinal)
                && body.ValueKind == JsonValueKind.Object && body.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String)
            {
                // GitHub names the kind in a header and the action in the body: issues + opened = issues.opened.
                eventType += "." + action.GetString();
            }
            if (eventType is null)
            {
                errors["event_type"] = [$"no text value at {Describe(typePaths)}"];
            }
        }
        if (eventType is not null && !IsEventTypeName(eventType))
        {
            errors["event_type"] = [$"'{Shorten(eventType)}' is not an event type: 1–256 letters, digits, '.', '_', '-', ':' or '/'"];
        }
        else if (eventType is not null && source.AllowedEventTypes.Count > 0 && !source.AllowedEventTypes.Contains(eventType, StringComparer.Ordinal))
        {
            errors["event_type"] = [$"'{Shorten(eventType)}' is not one of the source's allowed_event_types"];
        }

        var timestamp = receivedAt;
        var timePaths = Paths(mapping.TimestampField, defaults.Timestamp, "timestamp");
        var time = Find(body, request, timePaths);
        if (time is { } tv)
        {
            if (!TimestampReader.TryRead(tv, out timestamp))
            {
                errors["timestamp"] = [$"the value at {Describe(timePaths)} must be an ISO 8601 time or unix seconds or milliseconds"];
            }
        }
        else if (mapping.TimestampField is not null)
        {
            errors["timestamp"] = [$"no value at {Describe(timePaths)}"];
        }

        string? value = null;
        var valuePaths = Paths(mapping.ValueField, null, "value");
        if (Find(body, request, valuePaths) is { } v)
        {
            value = NumberText(v);
            if (value is null)
            {
                errors["value"] = [$"the value at {Describe(valuePaths)} must be a number"];
            }
        }
        else if (mapping.ValueField is not null)
        {
            errors["value"] = [$"no value at {Describe(valuePaths)}"];
        }

        if (errors.Count > 0)
        {
            throw new InboundRefusal(422, InboundOutcomes.Unmappable,
                string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), errors: errors);
        }
        return new MappedEvent(customerId, eventType!, timestamp, value, Metadata(body, request, mapping), DedupeKey(body, request, source, defaults));
    }

    private static IReadOnlyList<FieldPath> Paths(string? configured, string? providerDefault, string normalized)
    {
        var texts = new List<string>();
        foreach (var text in new[] { configured, providerDefault, normalized })
        {
            if (text is not null && !texts.Contains(text, StringComparer.Ordinal))
            {
                texts.Add(text);
            }
        }
        return texts.Select(FieldPath.Parse).ToList();
    }

    private static JsonElement? Find(JsonElement body, InboundRequest request, IReadOnlyList<FieldPath> paths)
    {
        foreach (var path in paths)
        {
            if (path.Read(body, request) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static string Describe(IReadOnlyList<FieldPath> paths) =>
        paths.Count == 1 ? $"'{paths[0]}'" : string.Join(" or ", paths.Select(p => $"'{p}'"));

    private static string? CustomerText(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return text is { Length: > 0 and <= MaxCustomerIdLength } && !text.Any(char.IsControl) ? text : null;
    }

    private static string? NumberText(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) && double.IsFinite(n))
        {
            return value.GetRawText();
        }
        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
        {
            return parsed.ToString("R", CultureInfo.InvariantCulture);
        }
        return null;
    }

    private static string Metadata(JsonElement body, InboundRequest request, SourceMapping mapping)
    {
        var metadata = new JsonObject();
        if (mapping.MetadataFields.Count == 0)
        {
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("metadata", out var own) && own.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in own.EnumerateObject())
                {
                    metadata[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                }
            }
        }
        else
        {
            foreach (var (name, pathText) in mapping.MetadataFields)
            {
                if (FieldPath.Parse(pathText).Read(body, request) is { } found)
                {
                    metadata[name] = JsonNode.Parse(found.GetRawText());
                }
            }
        }
        foreach (var (name, constant) in mapping.Constants)
        {
            metadata[name] = JsonNode.Parse(constant.GetRawText());
        }
        return metadata.ToJsonString();
    }

    private static string? DedupeKey(JsonElement body, InboundRequest request, Source source, ProviderDefaults defaults)
    {
        var dedupe = source.Dedupe ?? defaults.Dedupe;
        JsonElement? found = null;
        if (dedupe?.Header is { } header)
        {
            found = FieldPath.Parse(FieldPath.HeaderPrefix + header).Read(body, request);
            if (found is null && header.Equals(Signing.WebhookHeaders.Id, StringComparison.OrdinalIgnoreCase))
            {
                found = FieldPath.Parse("header:svix-id").Read(body, request);
            }
        }
        else if (dedupe?.Path is { } path)
        {
            found = FieldPath.Parse(path).Read(body, request);
        }
        return found switch
        {
            { ValueKind: JsonValueKind.String } s when s.GetString() is { Length: > 0 and <= MaxDedupeKeyLength } text && !text.Any(char.IsControl) => text,
            { ValueKind: JsonValueKind.Number } n when n.GetRawText().Length <= MaxDedupeKeyLength => n.GetRawText(),
            _ => null,
        };
    }

    public static bool IsEventTypeName(string name) =>
        name is { Length: > 0 and <= 256 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/');

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
