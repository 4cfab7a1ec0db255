using System.Text.Json;

namespace Hookline.Core.Inbound;

/// <summary>
/// Seed 000's body for <c>POST /in</c>: <c>{"source", "source_name"?, "event": {…}}</c>. The source is the
/// one named <c>source_name</c> (any case), or else the one whose uid (or id) is <c>source</c>.
/// </summary>
public sealed record IntakeEnvelope(string? Source, string? SourceName, JsonElement Event)
{
    /// <summary>Seed 000 writes its examples with <c>//</c> comments; they are read past, as are trailing commas.</summary>
    public static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    public static IntakeEnvelope Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InboundRefusal(400, InboundOutcomes.MalformedJson, "the body must be a JSON object {\"source\", \"source_name\", \"event\"}");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var source = Text(root, "source", errors);
        var name = Text(root, "source_name", errors);
        if (source is null && name is null && errors.Count == 0)
        {
            errors["source"] = ["give 'source_name' (a source's name) or 'source' (a source's uid)"];
        }
        if (!root.TryGetProperty("event", out var evt) || evt.ValueKind != JsonValueKind.Object)
        {
            errors["event"] = ["is required and must be a JSON object"];
        }
        if (errors.Count > 0)
        {
            throw new InboundRefusal(422, InboundOutcomes.Unmappable, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors: errors);
        }
        return new IntakeEnvelope(source, name, evt);
    }

    private static string? Text(JsonElement root, string name, Dictionary<string, string[]> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 and <= 256 } text || text.Any(char.IsControl))
        {
            errors[name] = ["must be a text of 1–256 printable characters"];
            return null;
        }
        return text;
    }
}
