namespace Hookline.Server.Api;

/// <summary>An error answer, rendered as RFC 7807 problem+json by <see cref="ProblemMiddleware"/>.</summary>
public class ApiProblem(int status, string title, string detail, IDictionary<string, string[]>? errors = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string Detail { get; } = detail;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    public static ApiProblem NotFound(string what, string id) => new(404, "Not found", $"{what} '{id}' does not exist");
    public static ApiProblem BadRequest(string detail) => new(400, "Bad request", detail);
    public static ApiProblem Conflict(string detail) => new(409, "Conflict", detail);
    public static ApiProblem Forbidden(string detail) => new(403, "Forbidden", detail);
    public static ApiProblem Unauthorized(string detail) => new(401, "Unauthorized", detail);
}

/// <summary>Field-level validation errors: 422 with an <c>errors</c> map of field → messages.</summary>
public sealed class ValidationProblem(IDictionary<string, string[]> errors)
    : ApiProblem(422, "Validation failed", Describe(errors), errors)
{
    private static string Describe(IDictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}
