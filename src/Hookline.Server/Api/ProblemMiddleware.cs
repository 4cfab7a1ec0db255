using System.Text.Json;
using System.Text.RegularExpressions;
using Hookline.Core.Storage;
using Hookline.Core.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Hookline.Server.Api;

/// <summary>
/// Turns every failure into problem+json: our own <see cref="ApiProblem"/>s, malformed or
/// oversized request bodies, store conflicts (409) and an unwritable store (503). Anything
/// else is a bug: logged, and answered 500 without internals.
/// </summary>
public sealed partial class ProblemMiddleware(RequestDelegate next, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            if (HasUnknownCharset(context.Request))
            {
                // The framework's JSON reader would throw InvalidOperationException (a 500) on it.
                throw new ApiProblem(415, "Unsupported media type", $"the charset of '{context.Request.ContentType}' is not one this server can read; send UTF-8");
            }
            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0)
            {
                // Framework answers without a body (no route, wrong method or media type) get a problem body too.
                await WriteAsync(context, ForStatus(context.Response.StatusCode));
            }
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var problem = Translate(e);
            if (e is StoreUnavailableException)
            {
                // An outage fails every request the same way; one line each, not thousands of stack traces.
                logger.LogWarning("{Method} {Path} refused: {Reason}", context.Request.Method, context.Request.Path, e.Message);
            }
            else if (problem.Status >= 500)
            {
                logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            }
            await WriteAsync(context, problem);
        }
    }

    public static ApiProblem Translate(Exception e) => e switch
    {
        ApiProblem p => p,
        ValidationException v => new ValidationProblem(v.Errors),
        BadHttpRequestException { StatusCode: 413 } => new ApiProblem(413, "Payload too large", "the request body is larger than this server accepts"),
        BadHttpRequestException { StatusCode: 415 } => new ApiProblem(415, "Unsupported media type", "send the body as application/json"),
        BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
        BadHttpRequestException b when b.Message.Contains("body", StringComparison.OrdinalIgnoreCase) && b.Message.Contains("not provided", StringComparison.OrdinalIgnoreCase)
            => ApiProblem.BadRequest("a JSON request body is required"),
        BadHttpRequestException b when FailedBinding().Match(b.Message) is { Success: true } m => FromBinding(m),
        BadHttpRequestException b => new ApiProblem(b.StatusCode, "Bad request", b.Message),
        // A bare JsonException is not the client's: request bodies are read by the framework (which wraps
        // its errors in BadHttpRequestException) or by PatchBody (which turns them into problems itself).
        // One escaping here comes from writing an answer or reading stored data — a bug, so 500.
        ConflictException c => ApiProblem.Conflict(c.Message),
        StoreUnavailableException => new ApiProblem(503, "Service unavailable", "the store can't take writes right now; nothing was written — try again shortly"),
        _ => new ApiProblem(500, "Internal error", "an unexpected error occurred"),
    };

    private static ApiProblem ForStatus(int status) => status switch
    {
        404 => new ApiProblem(404, "Not found", "no such resource or route"),
        405 => new ApiProblem(405, "Method not allowed", "this route does not take that HTTP method"),
        415 => new ApiProblem(415, "Unsupported media type", "send the body as application/json"),
        _ => new ApiProblem(status, "Error", $"the request failed with status {status}"),
    };

    /// <summary>The 400 for a request body that is not JSON of the expected shape.</summary>
    public static ApiProblem FromJson(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        if (json.InnerException is InvalidOperationException undecodable && undecodable.Message.Contains("UTF-8", StringComparison.Ordinal))
        {
            return new ApiProblem(400, "Bad request", $"the text at {path} is not valid UTF-8");
        }
        if (json.InnerException is InvalidOperationException && json.Message.Contains("could not be converted", StringComparison.Ordinal)
            && json.InnerException.Message.Contains("UTF-16", StringComparison.Ordinal))
        {
            return new ApiProblem(400, "Bad request", $"the text at {path} is not valid Unicode (a lone surrogate escape such as \\ud800)");
        }
        var unknown = UnknownMember().Match(json.Message);
        if (unknown.Success)
        {
            return new ApiProblem(400, "Bad request", $"unknown field '{unknown.Groups[1].Value}' at {path}");
        }
        if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return new ApiProblem(400, "Bad request", $"wrong type for the value at {path}{Expected(json.Message)}");
        }
        if (json.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return new ApiProblem(400, "Bad request", "the JSON is nested too deeply");
        }
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return new ApiProblem(400, "Bad request", $"a required field is missing at {path}");
        }
        return new ApiProblem(400, "Bad request", $"malformed JSON at {path} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})");
    }

    /// <summary>What the field takes, read from the serializer's target type: a fraction or a number past the
    /// type's range sent to a whole-number field is refused as a wrong type, and this says why.</summary>
    private static string Expected(string message) =>
        message.Contains("System.Int32", StringComparison.Ordinal) ? $": expected a whole number from {int.MinValue} to {int.MaxValue}"
        : message.Contains("System.Int64", StringComparison.Ordinal) ? $": expected a whole number from {long.MinValue} to {long.MaxValue}"
        : message.Contains("System.Double", StringComparison.Ordinal) || message.Contains("finite number", StringComparison.Ordinal) ? ": expected a finite number"
        : message.Contains("System.Boolean", StringComparison.Ordinal) ? ": expected true or false"
        : message.Contains("System.String", StringComparison.Ordinal) ? ": expected a string"
        : "";

    /// <summary>A query or route value of the wrong type, said in words instead of the framework's parameter types.</summary>
    private static ApiProblem FromBinding(Match m)
    {
        var type = m.Groups["type"].Value;
        var expected = type.Contains("int", StringComparison.OrdinalIgnoreCase) || type.Contains("long", StringComparison.OrdinalIgnoreCase) ? "a whole number"
            : type.Contains("bool", StringComparison.OrdinalIgnoreCase) ? "true or false"
            : type.Contains("double", StringComparison.OrdinalIgnoreCase) ? "a number"
            : "a value of another form";
        var value = m.Groups["value"].Value;
        var shown = value.Length > 64 ? value[..64] + "…" : value;
        return new ApiProblem(400, "Bad request", $"the parameter '{m.Groups["name"].Value}' must be {expected}; got '{shown}'");
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>[A-Za-z_][A-Za-z0-9_]*)\" from \"(?<value>.*)\"\\.?$", RegexOptions.Singleline)]
    private static partial Regex FailedBinding();

    private static bool HasUnknownCharset(HttpRequest request)
    {
        if (request.ContentType is null || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || media.Charset.Length == 0)
        {
            return false;
        }
        try
        {
            _ = System.Text.Encoding.GetEncoding(media.Charset.Value!.Trim('"'));
            return false;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: UTF-7, which .NET names but refuses to decode.
            return true;
        }
    }

    public static Task WriteAsync(HttpContext context, ApiProblem problem)
    {
        var details = new ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = problem.Detail,
            Type = $"https://hookline.dev/problems/{problem.Status}",
            Instance = context.Request.Path,
        };
        if (problem.Errors is not null)
        {
            details.Extensions["errors"] = problem.Errors;
        }
        context.Response.Clear();
        context.Response.StatusCode = problem.Status;
        return context.Response.WriteAsJsonAsync(details, ApiJson.Options, "application/problem+json");
    }

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownMember();
}
