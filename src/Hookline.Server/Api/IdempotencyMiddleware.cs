using System.Security.Cryptography;
using System.Text;
using Hookline.Core.Security;
using Hookline.Core.Storage;
using Hookline.Server.Api.Auth;

namespace Hookline.Server.Api;

/// <summary>
/// <c>Idempotency-Key</c> on any POST: the first answer (below 500) for a key is stored and
/// replayed for a repeat with the same body; the same key with a different body is refused (422);
/// a repeat while the first is still running gets 409. The stored answer is encrypted with the
/// secret protector: answers carry endpoint secrets and new API keys, which are never stored in plaintext.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IHooklineStore store, TimeProvider clock, ISecretProtector protector)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0 || !context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            throw ApiProblem.BadRequest($"{Header} must be 1 to {MaxKeyLength} printable characters");
        }
        var scope = context.Caller().Scope;
        var requestHash = await HashRequestAsync(context.Request);
        var existing = await store.Idempotency.TryBeginAsync(scope, key, requestHash, clock.GetUtcNow(), context.RequestAborted);
        if (existing is not null)
        {
            await ReplayAsync(context, existing, requestHash);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            context.Response.Body = original;
            var status = context.Response.StatusCode;
            if (completed && status < 500)
            {
                await store.Idempotency.CompleteAsync(scope, key, status, protector.Protect(Encoding.UTF8.GetString(buffer.ToArray())), CancellationToken.None);
            }
            else
            {
                await store.Idempotency.AbandonAsync(scope, key, CancellationToken.None);
            }
            if (completed)
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(original, context.RequestAborted);
            }
        }
    }

    private async Task ReplayAsync(HttpContext context, Core.Storage.IdempotencyRecord existing, string requestHash)
    {
        if (existing.RequestHash != requestHash)
        {
            throw new ApiProblem(422, "Idempotency key reused", $"this {Header} was already used with a different request");
        }
        if (existing.InProgress)
        {
            throw ApiProblem.Conflict($"a request with this {Header} is still in progress");
        }
        context.Response.StatusCode = existing.StatusCode!.Value;
        context.Response.ContentType = existing.StatusCode < 400 ? "application/json" : "application/problem+json";
        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.WriteAsync(existing.ResponseBody is { } stored ? protector.Unprotect(stored) : "", context.RequestAborted);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
