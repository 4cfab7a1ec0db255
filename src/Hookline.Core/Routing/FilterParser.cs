using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hookline.Core.Routing;

/// <summary>A problem with one part of a filter, named by its place (<c>filter.all[2].operator</c>).</summary>
public sealed record FilterError(string Field, string Message);

/// <summary>
/// Turns the JSON of an endpoint's <c>filter</c> into a <see cref="FilterNode"/>, or says precisely
/// what is wrong with it. Runs when a filter is set, so a bad one is refused then, not at publish.
/// </summary>
public static class FilterParser
{
    private static readonly string[] ConditionKeys = ["field_path", "operator", "value", "case_sensitive"];

    /// <summary>The parsed filter, or null with every error found; <paramref name="field"/> prefixes the error names.</summary>
    public static FilterNode? Parse(JsonElement filter, out IReadOnlyList<FilterError> errors, string field = "filter")
    {
        var state = new State();
        var node = Node(filter, field, 1, state);
        if (state.Conditions > FilterLimits.MaxConditions)
        {
            state.Errors.Add(new(field, $"holds {state.Conditions} conditions; at most {FilterLimits.MaxConditions} are allowed"));
        }
        errors = state.Errors;
        return state.Errors.Count == 0 ? node : null;
    }

    /// <summary>Parses filter JSON known to be valid (it was checked when stored).</summary>
    public static FilterNode ParseStored(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement, out var errors)
            ?? throw new InvalidOperationException("stored filter is invalid: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
    }

    private sealed class State
    {
        public List<FilterError> Errors { get; } = [];
        public int Conditions { get; set; }
    }

    private static FilterNode? Node(JsonElement e, string field, int depth, State state)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            state.Errors.Add(new(field, "must be an object: a condition {field_path, operator, value} or a group {all|any|not}"));
            return null;
        }
        if (depth > FilterLimits.MaxDepth)
        {
            state.Errors.Add(new(field, $"groups nest deeper than {FilterLimits.MaxDepth} levels"));
            return null;
        }
        var isGroup = e.TryGetProperty("all", out _) || e.TryGetProperty("any", out _) || e.TryGetProperty("not", out _);
        return isGroup ? Group(e, field, depth, state) : Condition(e, field, state);
    }

    private static FilterNode? Group(JsonElement e, string field, int depth, State state)
    {
        var properties = e.EnumerateObject().ToList();
        if (properties.Count != 1)
        {
            state.Errors.Add(new(field, "a group has exactly one of all, any or not, and nothing beside it"));
            return null;
        }
        var (name, value) = (properties[0].Name, properties[0].Value);
        var at = $"{field}.{name}";
        if (name == "not")
        {
            var child = Node(value, at, depth + 1, state);
            return child is null ? null : new NotFilter(child);
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > FilterLimits.MaxListLength)
        {
            state.Errors.Add(new(at, $"must be a list of 1–{FilterLimits.MaxListLength} filters"));
            return null;
        }
        var children = new List<FilterNode>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Node(item, $"{at}[{i++}]", depth + 1, state) is { } child)
            {
                children.Add(child);
            }
            if (state.Conditions > FilterLimits.MaxConditions)
            {
                return null;
            }
        }
        if (children.Count != i)
        {
            return null;
        }
        return name == "all" ? new AllFilter(children) : new AnyFilter(children);
    }

    private static ConditionFilter? Condition(JsonElement e, string field, State state)
    {
        state.Conditions++;
        var before = state.Errors.Count;
        foreach (var property in e.EnumerateObject())
        {
            if (!ConditionKeys.Contains(property.Name, StringComparer.Ordinal))
            {
                state.Errors.Add(new($"{field}.{property.Name}", "is not a filter field; a condition has field_path, operator, value and case_sensitive"));
            }
        }
        FieldPath? path = null;
        if (!e.TryGetProperty("field_path", out var pathJson) || pathJson.ValueKind != JsonValueKind.String)
        {
            state.Errors.Add(new($"{field}.field_path", "is required: a dotted path such as data.lead.score"));
        }
        else if ((path = FieldPath.TryParse(pathJson.GetString()!, out var pathError)) is null)
        {
            state.Errors.Add(new($"{field}.field_path", pathError!));
        }
        var caseSensitive = true;
        if (e.TryGetProperty("case_sensitive", out var cs))
        {
            if (cs.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                caseSensitive = cs.GetBoolean();
            }
            else
            {
                state.Errors.Add(new($"{field}.case_sensitive", "must be true or false"));
            }
        }
        string? op = null;
        if (!e.TryGetProperty("operator", out var opJson) || opJson.ValueKind != JsonValueKind.String)
        {
            state.Errors.Add(new($"{field}.operator", $"is required: one of {string.Join(", ", FilterOperators.All)}"));
        }
        else if (!FilterOperators.All.Contains(op = opJson.GetString()!, StringComparer.Ordinal))
        {
            state.Errors.Add(new($"{field}.operator", $"'{Short(op)}' is not an operator; use one of {string.Join(", ", FilterOperators.All)}"));
            op = null;
        }
        JsonElement? value = e.TryGetProperty("value", out var v) ? v : null;
        Regex? pattern = null;
        if (op is not null && ValueError(op, value) is { } valueError)
        {
            state.Errors.Add(new($"{field}.value", valueError));
        }
        else if (op == FilterOperators.Regex)
        {
            pattern = Compile(value!.Value.GetString()!, caseSensitive, out var regexError);
            if (regexError is not null)
            {
                state.Errors.Add(new($"{field}.value", regexError));
            }
        }
        if (state.Errors.Count > before)
        {
            return null;
        }
        return new ConditionFilter(path!, op!, value?.Clone(), caseSensitive, pattern);
    }

    /// <summary>What is wrong with the value for this operator; null when it fits.</summary>
    private static string? ValueError(string op, JsonElement? value)
    {
        switch (op)
        {
            case FilterOperators.Exists or FilterOperators.NotExists:
                return value is null or { ValueKind: JsonValueKind.Null } ? null : $"{op} takes no value";
            case FilterOperators.EqualsOp or FilterOperators.NotEquals:
                return value is { } eq && IsScalar(eq, allowNull: true) ? LengthError(eq) : $"{op} needs a value: a string, number, boolean or null";
            case FilterOperators.GreaterThan or FilterOperators.GreaterThanOrEqual or FilterOperators.LessThan or FilterOperators.LessThanOrEqual:
                return value is { ValueKind: JsonValueKind.Number or JsonValueKind.String } cmp ? LengthError(cmp) : $"{op} needs a number (or a string, compared in ordinal order, e.g. ISO 8601 times)";
            case FilterOperators.Contains or FilterOperators.NotContains:
                return value is { } c && IsScalar(c, allowNull: false) ? LengthError(c) : $"{op} needs a string, number or boolean";
            case FilterOperators.StartsWith or FilterOperators.EndsWith:
                return value is { ValueKind: JsonValueKind.String } s ? LengthError(s) : $"{op} needs a string";
            case FilterOperators.In or FilterOperators.NotIn:
                if (value is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() is 0 or > FilterLimits.MaxListLength)
                {
                    return $"{op} needs a list of 1–{FilterLimits.MaxListLength} strings, numbers, booleans or nulls";
                }
                return list.EnumerateArray().All(item => IsScalar(item, allowNull: true) && LengthError(item) is null)
                    ? null
                    : $"each entry of the {op} list is a string (at most {FilterLimits.MaxValueLength} characters), number, boolean or null";
            case FilterOperators.Regex:
                return value is { ValueKind: JsonValueKind.String } r ? LengthError(r) : "regex needs a pattern string";
            default:
                return null;
        }
    }

    private static bool IsScalar(JsonElement e, bool allowNull) =>
        e.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
        || (allowNull && e.ValueKind == JsonValueKind.Null);

    private static string? LengthError(JsonElement e) =>
        e.ValueKind == JsonValueKind.String && e.GetString()!.Length > FilterLimits.MaxValueLength ? $"at most {FilterLimits.MaxValueLength} characters" : null;

    /// <summary>
    /// Patterns run on the non-backtracking engine, so no pattern can take more than linear time;
    /// the timeout is a second guard. Constructs that engine lacks (backreferences, lookarounds) are refused.
    /// </summary>
    private static Regex? Compile(string pattern, bool caseSensitive, out string? error)
    {
        error = null;
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
        try
        {
            return new Regex(pattern, options, FilterLimits.RegexTimeout);
        }
        catch (ArgumentException e)
        {
            error = "is not a valid regular expression: " + e.Message;
        }
        catch (NotSupportedException e)
        {
            error = "uses a construct filters don't support (backreferences, lookarounds, atomic groups): " + e.Message;
        }
        return null;
    }

    private static string Short(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
