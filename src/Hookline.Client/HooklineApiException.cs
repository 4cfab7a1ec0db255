using System.Net;

namespace Hookline.Client;

/// <summary>The server refused a request; its RFC 7807 problem, readable.</summary>
public class HooklineApiException(HttpStatusCode status, string title, string detail, IReadOnlyDictionary<string, string[]> errors)
    : Exception(Describe(status, title, detail, errors))
{
    public HttpStatusCode StatusCode { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;

    /// <summary>Field name (as in the API, snake_case) → what is wrong with it; empty when not a validation problem.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    private static string Describe(HttpStatusCode status, string title, string detail, IReadOnlyDictionary<string, string[]> errors)
    {
        var text = $"{(int)status} {title}: {detail}";
        return errors.Count == 0 || detail.Contains(errors.Keys.First(), StringComparison.Ordinal)
            ? text
            : text + " (" + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) + ")";
    }
}

/// <summary>400 or 422: the request's fields are wrong; see <see cref="HooklineApiException.Errors"/>.</summary>
public sealed class HooklineValidationException(HttpStatusCode status, string title, string detail, IReadOnlyDictionary<string, string[]> errors)
    : HooklineApiException(status, title, detail, errors);

/// <summary>404: the app, endpoint, message or delivery does not exist (or the key may not see it).</summary>
public sealed class HooklineNotFoundException(HttpStatusCode status, string title, string detail, IReadOnlyDictionary<string, string[]> errors)
    : HooklineApiException(status, title, detail, errors);

/// <summary>401 or 403: the API key is missing, wrong, or scoped to another app.</summary>
public sealed class HooklineAuthException(HttpStatusCode status, string title, string detail, IReadOnlyDictionary<string, string[]> errors)
    : HooklineApiException(status, title, detail, errors);

/// <summary>409: the request conflicts with what exists (a taken uid, say).</summary>
public sealed class HooklineConflictException(HttpStatusCode status, string title, string detail, IReadOnlyDictionary<string, string[]> errors)
    : HooklineApiException(status, title, detail, errors);
