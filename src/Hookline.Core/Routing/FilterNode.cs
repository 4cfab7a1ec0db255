using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hookline.Core.Routing;

/// <summary>A parsed filter: a tree of groups over conditions. Immutable, shared by every message it is evaluated on.</summary>
public abstract record FilterNode;

public sealed record AllFilter(IReadOnlyList<FilterNode> Children) : FilterNode;

public sealed record AnyFilter(IReadOnlyList<FilterNode> Children) : FilterNode;

public sealed record NotFilter(FilterNode Child) : FilterNode;

/// <summary>One test of the value at <see cref="Path"/>; <see cref="Value"/> is a detached copy of the JSON given.</summary>
public sealed record ConditionFilter(FieldPath Path, string Operator, JsonElement? Value, bool CaseSensitive, Regex? Pattern) : FilterNode;
