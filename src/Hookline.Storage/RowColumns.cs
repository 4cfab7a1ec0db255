using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Hookline.Storage;

/// <summary>
/// The parameters of a <see cref="RowBatch"/> statement read from a row type: every <c>@Name</c> in the
/// statement, in order, bound to the row's property of that name by a compiled getter. Built once per
/// statement (keep the result in a static field), so the statement's text is the one list of its columns.
/// </summary>
internal static partial class RowColumns
{
    public static IReadOnlyList<(string Name, Func<T, object?> Value)> For<T>(string sql)
    {
        var row = Expression.Parameter(typeof(T), "row");
        return Parameter().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Select(name =>
        {
            var property = typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {name} for the statement's @{name}");
            var getter = Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(row, property), typeof(object)), row).Compile();
            return (name, getter);
        }).ToList();
    }

    [GeneratedRegex(@"@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Parameter();
}
