using System.Text.Json;
using System.Text.RegularExpressions;
using Hookline.Core.Templates;

namespace Hookline.Server.Api;

/// <summary>Field rules of template requests, and the 422 a template that does not parse gets.</summary>
public static partial class TemplateRules
{
    public static void Validate(Validator v, TemplateRequest r, Func<string, bool> has, bool creating)
    {
        if (creating || has("name"))
        {
            v.Check(r.Name is not null && Name().IsMatch(r.Name) && !r.Name.StartsWith("tpl_", StringComparison.Ordinal), "name",
                "is required: 1–256 letters, digits, '_', '.', ':' or '-', starting with a letter or digit, and not starting with 'tpl_'");
        }
        v.Check(r.Description is null or { Length: <= 4096 }, "description", "at most 4096 characters");
        if (r.EventTypes is { } types)
        {
            v.Check(types.Count <= 100, "event_types", "at most 100 event types");
            foreach (var t in types)
            {
                Fields.EventTypeName(v, "event_types", t);
            }
        }
        if (creating || has("body"))
        {
            Body(v, "body", r.Body);
        }
        Headers(v, "headers", r.Headers);
        ContentType(v, "content_type", r.ContentType);
    }

    public static void Body(Validator v, string field, JsonElement? body)
    {
        v.Check(body is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) }, field,
            "is required: Liquid text, or a JSON object or list whose strings are Liquid");
        FreeJson.Check(v, field, body);
    }

    /// <summary>Header templates: their literal text must be sendable as it stands; what they render to is checked when rendered.</summary>
    public static void Headers(Validator v, string field, Dictionary<string, string>? headers) =>
        HeaderRules.Check(v, field, headers, TemplateLimits.Default.MaxHeaders, "is set by Hookline and can't be templated (use content_type for the content type)");

    public static void ContentType(Validator v, string field, string? contentType)
    {
        if (contentType is null)
        {
            return;
        }
        v.Check(contentType.Length <= 256 && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Value!.Contains('/', StringComparison.Ordinal),
            field, "must be a media type such as application/json or text/plain; charset=utf-8");
    }

    /// <summary>
    /// The 422 for a template that does not parse: the <c>errors</c> map names the part, and
    /// <c>line</c>/<c>column</c> say where in it.
    /// </summary>
    public static IResult SyntaxProblem(TemplateSyntaxException e, string prefix = "") => TypedResults.Problem(
        detail: e.Message,
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Validation failed",
        type: "https://hookline.dev/problems/422",
        extensions: new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { [prefix + e.Field] = [e.Reason + (e.Line is null ? "" : $" (line {e.Line}, column {e.Column})")] },
            ["line"] = e.Line,
            ["column"] = e.Column,
        });

    [GeneratedRegex(TransformationSpec.NamePattern)]
    private static partial Regex Name();
}
