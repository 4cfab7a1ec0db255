using System.Text.Json;
using Hookline.Core.Routing;
using Hookline.Core.Storage;
using Hookline.Core.Templates;
using Endpoint = Hookline.Core.Endpoints.Endpoint;

namespace Hookline.Server.Api;

/// <summary>
/// Checks an endpoint's <c>filter</c> and <c>transformation</c> when they are set, so a filter that
/// could never be evaluated or a template that does not parse is refused then, not at delivery.
/// </summary>
public static class RoutingRules
{
    private static readonly LiquidCompiler Compiler = new(TemplateLimits.Default);

    public static void Validate(Validator v, JsonElement? filter, JsonElement? transformation)
    {
        // A field FreeJson refuses (too deep, lone surrogates) has its error already and can't be read further.
        if (filter is { ValueKind: not JsonValueKind.Null } f && Readable("filter", f))
        {
            FilterParser.Parse(f, out var errors);
            foreach (var error in errors)
            {
                v.Add(error.Field, error.Message);
            }
        }
        if (transformation is not { ValueKind: not JsonValueKind.Null } t || !Readable("transformation", t))
        {
            return;
        }
        var spec = TransformationSpec.Parse(t, out var specErrors);
        foreach (var (field, message) in specErrors)
        {
            v.Add(field, message);
        }
        if (spec is InlineTemplate inline)
        {
            try
            {
                Compiler.Compile(inline.Content);
            }
            catch (TemplateSyntaxException e)
            {
                var at = t.ValueKind == JsonValueKind.String ? "transformation" : "transformation.template";
                var place = e.Field == "body" ? "" : e.Field["body".Length..];
                v.Add(at + place, e.Reason + (e.Line is null ? "" : $" (line {e.Line}, column {e.Column})"));
            }
        }
    }

    private static bool Readable(string field, JsonElement value)
    {
        var check = new Validator();
        FreeJson.Check(check, field, value);
        return check.IsValid;
    }
}
