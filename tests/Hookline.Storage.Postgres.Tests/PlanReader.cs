using System.Text.Json;

namespace Hookline.Storage.Tests.Postgres;

/// <summary>One node of a PostgreSQL plan (<c>EXPLAIN (FORMAT JSON)</c>); <see cref="Rows"/> is filled by <c>ANALYZE</c>.</summary>
internal sealed record PlanNode(string Type, string? Relation, string? Index, double Rows);

/// <summary>Reads a JSON plan into its nodes, depth first, and describes them for assertion messages.</summary>
internal static class PlanReader
{
    public static IEnumerable<PlanNode> Flatten(JsonElement node)
    {
        static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() : null;

        yield return new PlanNode(
            Text(node, "Node Type")!,
            Text(node, "Relation Name"),
            Text(node, "Index Name"),
            node.TryGetProperty("Actual Rows", out var rows) ? rows.GetDouble() : 0);
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Flatten))
            {
                yield return child;
            }
        }
    }

    public static string Describe(IEnumerable<PlanNode> nodes) =>
        "plan: " + string.Join(" > ", nodes.Select(n => $"{n.Type}({n.Relation}{(n.Index is null ? "" : "/" + n.Index)}, rows {n.Rows})"));
}
