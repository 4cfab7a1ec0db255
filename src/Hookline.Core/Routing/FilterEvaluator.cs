using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hookline.Core.Routing;

/// <summary>
/// Decides whether a message's envelope passes a filter. The type rules (docs/routing.md):
/// numbers compare as numbers, also against a string field that holds a number; two strings
/// compare in ordinal order (so ISO 8601 times order correctly); other mixes of types are never
/// equal and never ordered. A missing field fails every positive operator, and each negative
/// operator (<c>not_equals</c>, <c>not_contains</c>, <c>not_in</c>, <c>not_exists</c>) is exactly
/// the opposite of its positive one, so a missing field passes them.
/// </summary>
public static class FilterEvaluator
{
    public static bool Matches(FilterNode node, FilterSubject subject) => node switch
    {
        AllFilter all => all.Children.All(c => Matches(c, subject)),
        AnyFilter any => any.Children.Any(c => Matches(c, subject)),
        NotFilter not => !Matches(not.Child, subject),
        ConditionFilter condition => Matches(condition, subject),
        _ => false,
    };

    private static bool Matches(ConditionFilter c, FilterSubject subject)
    {
        var found = subject.TryResolve(c.Path, out var field);
        return c.Operator switch
        {
            FilterOperators.Exists => found,
            FilterOperators.NotExists => !found,
            FilterOperators.EqualsOp => found && Equal(field, c.Value!.Value, c.CaseSensitive),
            FilterOperators.NotEquals => !(found && Equal(field, c.Value!.Value, c.CaseSensitive)),
            FilterOperators.GreaterThan => found && Compare(field, c.Value!.Value, c.CaseSensitive) is > 0,
            FilterOperators.GreaterThanOrEqual => found && Compare(field, c.Value!.Value, c.CaseSensitive) is >= 0,
            FilterOperators.LessThan => found && Compare(field, c.Value!.Value, c.CaseSensitive) is < 0,
            FilterOperators.LessThanOrEqual => found && Compare(field, c.Value!.Value, c.CaseSensitive) is <= 0,
            FilterOperators.Contains => found && Contains(field, c.Value!.Value, c.CaseSensitive),
            FilterOperators.NotContains => !(found && Contains(field, c.Value!.Value, c.CaseSensitive)),
            FilterOperators.StartsWith => found && Text(field) is { } s && s.StartsWith(c.Value!.Value.GetString()!, Comparison(c.CaseSensitive)),
            FilterOperators.EndsWith => found && Text(field) is { } e && e.EndsWith(c.Value!.Value.GetString()!, Comparison(c.CaseSensitive)),
            FilterOperators.In => found && In(field, c.Value!.Value, c.CaseSensitive),
            FilterOperators.NotIn => !(found && In(field, c.Value!.Value, c.CaseSensitive)),
            FilterOperators.Regex => found && Text(field) is { } r && IsMatch(c.Pattern!, r),
            _ => false,
        };
    }

    private static StringComparison Comparison(bool caseSensitive) => caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>A string field as is, a number as its JSON text; anything else has no text.</summary>
    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        _ => null,
    };

    private static bool TryNumber(JsonElement e, out double number)
    {
        number = 0;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number),
            _ => false,
        };
    }

    private static bool Equal(JsonElement field, JsonElement value, bool caseSensitive)
    {
        if (field.ValueKind == JsonValueKind.Number || value.ValueKind == JsonValueKind.Number)
        {
            return TryNumber(field, out var a) && TryNumber(value, out var b) && a == b;
        }
        return (field.ValueKind, value.ValueKind) switch
        {
            (JsonValueKind.String, JsonValueKind.String) => string.Equals(field.GetString(), value.GetString(), Comparison(caseSensitive)),
            (JsonValueKind.True, JsonValueKind.True) or (JsonValueKind.False, JsonValueKind.False) or (JsonValueKind.Null, JsonValueKind.Null) => true,
            _ => false,
        };
    }

    /// <summary>Sign of field − value, or null when the two can't be ordered.</summary>
    private static int? Compare(JsonElement field, JsonElement value, bool caseSensitive)
    {
        if (field.ValueKind == JsonValueKind.Number || value.ValueKind == JsonValueKind.Number)
        {
            return TryNumber(field, out var a) && TryNumber(value, out var b) ? a.CompareTo(b) : null;
        }
        if (field.ValueKind == JsonValueKind.String && value.ValueKind == JsonValueKind.String)
        {
            return Math.Sign(string.Compare(field.GetString(), value.GetString(), Comparison(caseSensitive)));
        }
        return null;
    }

    /// <summary>A string field holds the text; a list field holds an equal entry.</summary>
    private static bool Contains(JsonElement field, JsonElement value, bool caseSensitive)
    {
        if (field.ValueKind == JsonValueKind.Array)
        {
            return field.EnumerateArray().Any(item => Equal(item, value, caseSensitive));
        }
        return field.ValueKind == JsonValueKind.String && Text(value) is { } needle && field.GetString()!.Contains(needle, Comparison(caseSensitive));
    }

    /// <summary>The field equals an entry of the list; a list field overlaps it.</summary>
    private static bool In(JsonElement field, JsonElement list, bool caseSensitive)
    {
        if (field.ValueKind == JsonValueKind.Array)
        {
            return field.EnumerateArray().Any(item => In(item, list, caseSensitive));
        }
        return list.EnumerateArray().Any(entry => Equal(field, entry, caseSensitive));
    }

    private static bool IsMatch(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
