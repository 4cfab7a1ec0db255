namespace Hookline.Core.Routing;

/// <summary>The operators a filter condition may use, by their wire names.</summary>
public static class FilterOperators
{
    public const string EqualsOp = "equals";
    public const string NotEquals = "not_equals";
    public const string GreaterThan = "greater_than";
    public const string GreaterThanOrEqual = "greater_than_or_equal";
    public const string LessThan = "less_than";
    public const string LessThanOrEqual = "less_than_or_equal";
    public const string Contains = "contains";
    public const string NotContains = "not_contains";
    public const string StartsWith = "starts_with";
    public const string EndsWith = "ends_with";
    public const string In = "in";
    public const string NotIn = "not_in";
    public const string Exists = "exists";
    public const string NotExists = "not_exists";
    public const string Regex = "regex";

    public static readonly IReadOnlyList<string> All =
    [
        EqualsOp, NotEquals, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual, Contains, NotContains,
        StartsWith, EndsWith, In, NotIn, Exists, NotExists, Regex,
    ];
}
