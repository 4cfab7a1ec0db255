using Dapper;

namespace Hookline.Storage;

/// <summary>
/// Writes <c>IN (@p0, @p1, …)</c> with one parameter per value. Dapper's own <c>IN @list</c>
/// expansion is not portable: on Npgsql it sends one array parameter, which only <c>= ANY(@list)</c>
/// accepts, while SQLite has no arrays at all.
/// </summary>
public static class SqlList
{
    /// <summary>Adds the values to <paramref name="parameters"/> and returns the parenthesised list of their names.</summary>
    public static string In(DynamicParameters parameters, string name, IEnumerable<string> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var parameter = $"{name}{names.Count}";
            parameters.Add(parameter, value);
            names.Add("@" + parameter);
        }
        if (names.Count == 0)
        {
            throw new ArgumentException("an IN list needs at least one value", nameof(values));
        }
        return "(" + string.Join(", ", names) + ")";
    }
}
