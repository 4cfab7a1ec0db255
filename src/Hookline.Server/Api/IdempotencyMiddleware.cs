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
/// An answer that handed out an API key is not replayed once that key is deleted (410). A stored answer
/// that cannot be decrypted (written before answers were encrypted, or under another key) is forgotten and
/// the request runs as a first one. Keys are remembered for <see cref="IdempotencyRecord.Lifetime"/>.
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
        if (existing is not null && await ReplayAsync(context, scope, key, existing, requestHash))
        {
            return;
        }
        if (existing is not null)
        {
            // Its stored answer was unreadable and has been forgotten: this request takes the key.
            existing = await store.Idempotency.TryBeginAsync(scope, key, requestHash, clock.GetUtcNow(), context.RequestAborted);
            if (existing is not null)
            {
                throw ApiProblem.Conflict($"a request with this {Header} is still in progress");
            }
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
                await store.Idempotency.CompleteAsync(scope, key, status, protector.Protect(Encoding.UTF8.GetString(buffer.ToArray())),
                    IdempotencyReplayGuard.Of(context), CancellationToken.None);
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

    /// <summary>Answers from the stored record; false when its answer could not be read and the record was forgotten.</summary>
    private async Task<bool> ReplayAsync(HttpContext context, string scope, string key, IdempotencyRecord existing, string requestHash)
    {
        if (existing.RequestHash != requestHash)
        {
            throw new ApiProblem(422, "Idempotency key reused", $"this {Header} was already used with a different request");
        }
        if (existing.InProgress)
        {
            throw ApiProblem.Conflict($"a request with this {Header} is still in progress");
        }
        if (!TryRead(existing.ResponseBody, out var body))
        {
            await store.Idempotency.ForgetAsync(scope, key, existing.CreatedAt, context.RequestAborted);
            return false;
        }
        if (existing.ReplayGuard is { } guard && !await IdempotencyReplayGuard.HoldsAsync(guard, store, context.RequestAborted))
        {
            throw new ApiProblem(410, "Replayed credential deleted",
                $"the API key created by the first request with this {Header} has been deleted; its value is not shown again. Create a new key with a new {Header}");
        }
        context.Response.StatusCode = existing.StatusCode!.Value;
        context.Response.ContentType = existing.StatusCode < 400 ? "application/json" : "application/problem+json";
        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.WriteAsync(body, context.RequestAborted);
        return true;
    }

    private bool TryRead(string? stored, out string body)
    {
        body = "";
        if (stored is null)
        {
            return true;
        }
        try
        {
            body = protector.Unprotect(stored);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
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
