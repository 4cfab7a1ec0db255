using System.Text.Json;
using Hookline.Core.Audit;
using Hookline.Core.Ids;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;

namespace Hookline.Server.Audit;

/// <summary>
/// Records every successful change made through the API: who (the key id), what, on which target,
/// when, and the names of the fields the request sent. Values are never read into the log, so no
/// secret can end up there. Runs inside the idempotency middleware: a replayed answer is no new change.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, IHooklineStore store, TimeProvider clock, ILogger<AuditMiddleware> logger)
{
    /// <summary>Bodies larger than this are not searched for field names.</summary>
    private const int MaxInspectedBody = 256 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } pattern } endpoint
            || !pattern.StartsWith("/api/", StringComparison.Ordinal) || !AuditTarget.IsAudited(method, pattern))
        {
            await next(context);
            return;
        }
        var fields = await FieldNamesAsync(context.Request);
        await next(context);
        if (context.Response.StatusCode >= 400 || CallerPrincipal.Read(context.User) is not { } caller)
        {
            return;
        }
        var (type, action, parameter) = AuditTarget.Describe(method, pattern);
        if (endpoint.Metadata.GetMetadata<AuditDescription>() is { } described)
        {
            (type, action) = (described.TargetType, described.Action);
        }
        var targetId = TargetId(context, parameter);
        try
        {
            var appId = caller.AppId;
            if (context.Request.RouteValues.TryGetValue("app", out var app) && app?.ToString() is { } named)
            {
                // The route may name the app by uid; the log keeps its id (or the name given, once the app is deleted).
                appId = (await store.Apps.GetAsync(named, CancellationToken.None))?.Id ?? named;
            }
            await store.Audit.AppendAsync(new AuditEntry
            {
                Id = IdGenerator.New(IdPrefix.Audit, clock),
                Actor = caller.KeyId,
                AppId = appId,
                Action = action,
                TargetType = type,
                TargetId = targetId,
                Method = method,
                Path = context.Request.Path.Value ?? "",
                StatusCode = context.Response.StatusCode,
                Fields = fields,
                CreatedAt = clock.GetUtcNow(),
            }, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The change is made and answered; a lost audit entry is logged loudly rather than turned into an error for the caller.
            logger.LogError(e, "Writing the audit entry for {Method} {Path} by {Actor} failed", method, context.Request.Path, caller.KeyId);
        }
    }

    /// <summary>The route value naming the target, or for a create the id at the end of the answer's Location.</summary>
    private static string? TargetId(HttpContext context, string? parameter)
    {
        if (parameter is not null && context.Request.RouteValues.TryGetValue(parameter, out var value) && value is not null)
        {
            return value.ToString();
        }
        var location = context.Response.Headers.Location.ToString();
        return location.Length > 0 ? location.TrimEnd('/').Split('/')[^1] : null;
    }

    /// <summary>Top-level property names of a JSON body; the body is buffered and rewound for the handler.</summary>
    private static async Task<IReadOnlyList<string>> FieldNamesAsync(HttpRequest request)
    {
        if (request.ContentLength is not ({ } length and > 0 and <= MaxInspectedBody)
            || request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return [];
        }
        request.EnableBuffering();
        var buffer = new byte[(int)length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await request.Body.ReadAsync(buffer.AsMemory(read), request.HttpContext.RequestAborted);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        request.Body.Position = 0;
        var names = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, read));
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    names.Add(reader.GetString()!);
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed JSON, or a name that is not valid UTF-8 (InvalidOperationException), is refused by the
            // handler; the names read so far are enough.
        }
        return names.Distinct(StringComparer.Ordinal).ToList();
    }
}
