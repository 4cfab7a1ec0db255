namespace Hookline.Client.Models;

/// <summary>One page of a list: <c>{"data": [...], "iterator": "…", "done": bool}</c>.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Data, string? Iterator, bool Done);
