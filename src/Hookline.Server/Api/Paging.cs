using System.Buffers.Text;
using System.Text;
using Hookline.Core.Paging;

namespace Hookline.Server.Api;

/// <summary>The list envelope every list answers with.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Data, string? Iterator, bool Done);

public static class Paging
{
    /// <summary>Reads <c>limit</c> (1–250, default 50) and the opaque <c>iterator</c>.</summary>
    public static PageRequest Read(int? limit, string? iterator)
    {
        if (limit is { } l && (l < 1 || l > PageRequest.MaxLimit))
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"must be between 1 and {PageRequest.MaxLimit}"] });
        }
        string? after = null;
        if (!string.IsNullOrEmpty(iterator))
        {
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(iterator));
            }
            catch (FormatException)
            {
                after = null;
            }
            // An iterator is an id, printable ASCII; anything else (a NUL, which PostgreSQL text refuses) was never handed out.
            if (after is null || after.Length == 0 || after.Any(c => c is < '!' or > '~'))
            {
                throw new ValidationProblem(new Dictionary<string, string[]> { ["iterator"] = ["is not an iterator this API gave out"] });
            }
        }
        return new PageRequest(limit ?? PageRequest.DefaultLimit, after);
    }

    /// <summary>
    /// Reads <c>limit</c>, <c>iterator</c> and <c>offset</c> (0–1,000,000; rows to skip, seed 003's
    /// paging). Offset paging reads every skipped row, so deep pages are slower than following the iterator.
    /// </summary>
    public static PageRequest Read(int? limit, string? iterator, int? offset)
    {
        var page = Read(limit, iterator);
        if (offset is { } o && (o < 0 || o > PageRequest.MaxOffset))
        {
            throw new ValidationProblem(new Dictionary<string, string[]> { ["offset"] = [$"must be between 0 and {PageRequest.MaxOffset}"] });
        }
        return page with { Offset = offset ?? 0 };
    }

    public static ListResponse<TOut> ToResponse<TIn, TOut>(this Page<TIn> page, Func<TIn, TOut> map) =>
        new(page.Data.Select(map).ToList(), page.Iterator is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page.Iterator)), page.Done);
}
