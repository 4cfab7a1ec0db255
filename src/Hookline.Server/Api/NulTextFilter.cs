using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Hookline.Server.Api;

/// <summary>
/// Refuses U+0000 in any text a request sends (422 naming the field): PostgreSQL text cannot hold it, and
/// SQLite would keep it where no receiver or header can use it, so both stores refuse it alike. A message
/// payload is stored as the JSON text that was sent, where NUL stays the escape <c>\u0000</c>, so it is allowed there.
/// </summary>
public static class NulTextFilter
{
    private const int MaxDepth = 8;
    private const string Allowed = "payload";

    public static RouteGroupBuilder RefuseNulText(this RouteGroupBuilder group)
    {
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var names = factory.MethodInfo.GetParameters().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name ?? "")).ToArray();
            return context =>
            {
                for (var i = 0; i < context.Arguments.Count && i < names.Length; i++)
                {
                    if (Find(context.Arguments[i], names[i], 0) is { } field)
                    {
                        throw Refusal(field);
                    }
                }
                return next(context);
            };
        });
        return group;
    }

    public static ApiProblem Refusal(string field) =>
        new ValidationProblem(new Dictionary<string, string[]> { [field] = ["must not contain the NUL character (U+0000)"] });

    /// <summary>The path of the first text holding NUL in a JSON body, or null.</summary>
    public static string? Find(JsonElement element, string path)
    {
        try
        {
            return FindJson(element, path, 0);
        }
        catch (InvalidOperationException)
        {
            // A name that cannot be decoded (a lone surrogate escape): the binding refuses it, naming it.
            return null;
        }
    }

    private static string? Find(object? value, string path, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return s.Contains('\0', StringComparison.Ordinal) ? path : null;
            case JsonElement json:
                return path == Allowed ? null : Find(json, depth == 0 ? "" : path);
            case IDictionary dictionary when depth > 0:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key as string ?? "";
                    if (key.Contains('\0', StringComparison.Ordinal))
                    {
                        return path;
                    }
                    if (depth < MaxDepth && Find(entry.Value, $"{path}.{key}", depth + 1) is { } inValue)
                    {
                        return inValue;
                    }
                }
                return null;
            case IEnumerable items when depth > 0:
                var index = 0;
                foreach (var item in items)
                {
                    if (depth < MaxDepth && Find(item, $"{path}[{index}]", depth + 1) is { } inItem)
                    {
                        return inItem;
                    }
                    index++;
                }
                return null;
        }
        var type = value.GetType();
        // Only request contracts are walked: the services and the HttpContext among the arguments are not input.
        if (depth >= MaxDepth || type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("Hookline.", StringComparison.Ordinal) != true
            || (depth == 0 && !IsBody(type)))
        {
            return null;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead)
            {
                continue;
            }
            var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            var field = depth == 0 && IsBody(type) ? name : $"{path}.{name}";
            if (Find(property.GetValue(value), field, depth + 1) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    // A request record is the body: its fields are named as the client sent them, without the parameter's name.
    private static bool IsBody(Type type) => type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Body", StringComparison.Ordinal);

    private static string? FindJson(JsonElement element, string path, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return HasNulEscape(element.GetRawText()) ? path : null;
            case JsonValueKind.Object when depth < 64:
                foreach (var property in element.EnumerateObject())
                {
                    var field = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (HasNulEscape(JsonSerializer.Serialize(property.Name)))
                    {
                        return path.Length == 0 ? "body" : path;
                    }
                    if ((depth > 0 || property.Name != Allowed) && FindJson(property.Value, field, depth + 1) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Array when depth < 64:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindJson(item, $"{path}[{index}]", depth + 1) is { } found)
                    {
                        return found;
                    }
                    index++;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Whether JSON text holds the escape <c>\u0000</c> (valid JSON has no raw NUL); reading the raw text,
    /// unlike decoding it, cannot fail on a lone surrogate escape, which other rules refuse.</summary>
    private static bool HasNulEscape(string raw)
    {
        for (var i = 0; i < raw.Length - 1; i++)
        {
            if (raw[i] != '\\')
            {
                continue;
            }
            if (raw[i + 1] == 'u' && i + 5 < raw.Length && raw.AsSpan(i + 2, 4).SequenceEqual("0000"))
            {
                return true;
            }
            i++;
        }
        return false;
    }
}
