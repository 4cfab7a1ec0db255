using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fluid;

namespace Hookline.Core.Templates;

/// <summary>Parses <see cref="TemplateContent"/> into a <see cref="CompiledTemplate"/>, or says where it is wrong.</summary>
public sealed partial class LiquidCompiler(TemplateLimits limits)
{
    // One parser for the process: building Fluid's grammar is costly, parsing with it is thread-safe.
    private static readonly FluidParser Parser = new();

    /// <summary>Throws <see cref="TemplateSyntaxException"/> naming the part, line and column of the first error.</summary>
    public CompiledTemplate Compile(TemplateContent content)
    {
        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(content.Body);
            body = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TemplateSyntaxException("body", "is not JSON: " + e.Message, null, null);
        }
        BodyTemplate compiled = body.ValueKind == JsonValueKind.String
            ? new TextBody(Liquid("body", body.GetString()!))
            : new JsonBody(Part(body, "body"));
        var headers = content.Headers.Select(h => KeyValuePair.Create(h.Key, Liquid($"headers.{h.Key}", h.Value))).ToList();
        return new CompiledTemplate(compiled, headers, content.ContentType);
    }

    private JsonPart Part(JsonElement e, string pointer) => e.ValueKind switch
    {
        JsonValueKind.Object => new JsonObjectPart(e.EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, Part(p.Value, $"{pointer}/{Escape(p.Name)}"))).ToList()),
        JsonValueKind.Array => new JsonArrayPart(e.EnumerateArray().Select((item, i) => Part(item, $"{pointer}/{i}")).ToList()),
        JsonValueKind.String when HasLiquid(e.GetString()!) => new JsonLiquid(Liquid(pointer, e.GetString()!)),
        _ => new JsonLiteral(e),
    };

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static bool HasLiquid(string s) => s.Contains("{{", StringComparison.Ordinal) || s.Contains("{%", StringComparison.Ordinal);

    private IFluidTemplate Liquid(string field, string source)
    {
        if (source.Length > limits.MaxSourceChars)
        {
            throw new TemplateSyntaxException(field, $"is {source.Length} characters long; at most {limits.MaxSourceChars} are allowed", null, null);
        }
        if (!Parser.TryParse(source, out var template, out var error))
        {
            var (message, line, column) = Locate(error);
            throw new TemplateSyntaxException(field, message, line, column);
        }
        return new RangeBounder(limits.MaxRangeLength).VisitTemplate(template);
    }

    /// <summary>Fluid reports <c>… at (line:column)</c> followed by the source line; this splits that apart.</summary>
    private static (string Message, int? Line, int? Column) Locate(string error)
    {
        var firstLine = error.Split('\n')[0].Trim();
        var match = Position().Match(firstLine);
        if (!match.Success)
        {
            return (firstLine, null, null);
        }
        var message = firstLine[..match.Index].TrimEnd();
        return (message.Length > 0 ? message : "syntax error",
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\s*at \((\d+):(\d+)\)")]
    private static partial Regex Position();
}
