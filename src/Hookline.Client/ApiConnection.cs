using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hookline.Client.Models;

namespace Hookline.Client;

/// <summary>Sends the client's requests: JSON in snake_case, retries on 429/5xx, problem+json turned into exceptions.</summary>
internal sealed class ApiConnection(HttpClient http, HooklineClientOptions options)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, null, ct);

    public Task<T> PostAsync<T>(string path, object? body, CancellationToken ct, string? idempotencyKey = null) =>
        SendAsync<T>(HttpMethod.Post, path, body, idempotencyKey ?? NewIdempotencyKey(), ct);

    public Task<T> PatchAsync<T>(string path, object body, CancellationToken ct) => SendAsync<T>(HttpMethod.Patch, path, body, null, ct);

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await SendRawAsync(HttpMethod.Delete, path, null, null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A GET whose answer is read as it arrives (an export): the caller owns the returned response
    /// and reads its body as a stream. Refusals are thrown as for any other call.
    /// </summary>
    public Task<HttpResponseMessage> GetStreamingAsync(string path, CancellationToken ct) =>
        SendRawAsync(HttpMethod.Get, path, null, null, ct, HttpCompletionOption.ResponseHeadersRead);

    /// <summary>Every item of a list, page after page, following the server's <c>iterator</c> until <c>done</c>.</summary>
    public async IAsyncEnumerable<T> ListAsync<T>(string path, IReadOnlyDictionary<string, string?> query, [EnumeratorCancellation] CancellationToken ct)
    {
        string? iterator = null;
        while (true)
        {
            var parameters = new Dictionary<string, string?>(query) { ["iterator"] = iterator };
            var page = await GetAsync<ListPage<T>>(WithQuery(path, parameters), ct).ConfigureAwait(false);
            foreach (var item in page.Data)
            {
                yield return item;
            }
            if (page.Done || page.Iterator is null)
            {
                yield break;
            }
            iterator = page.Iterator;
        }
    }

    public static string WithQuery(string path, IReadOnlyDictionary<string, string?> query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value!)}").ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static string Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "";

    private static string NewIdempotencyKey() => "hlc_" + Guid.NewGuid().ToString("N");

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken ct)
    {
        using var response = await SendRawAsync(method, path, body, idempotencyKey, ct).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, ct).ConfigureAwait(false)
            ?? throw new HooklineApiException(response.StatusCode, "Empty answer", $"{method} {path} answered without a body", new Dictionary<string, string[]>());
    }

    /// <summary>
    /// One request, tried again on 429, 5xx and network failures. A POST carries the same
    /// <c>Idempotency-Key</c> on every try, so a retried publish is not published twice.
    /// </summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var delay = options.RetryDelay;
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path.TrimStart('/'));
            if (body is not null)
            {
                // Sent with a Content-Length rather than chunked: the server reads the names of a body's
                // fields for its audit log only from a body whose length it knows.
                request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), Json));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }
            if (idempotencyKey is not null)
            {
                request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            }
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, completion, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < options.MaxRetries)
            {
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = Next(delay);
                continue;
            }
            if (response.IsSuccessStatusCode)
            {
                return response;
            }
            var retriable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            if (retriable && attempt < options.MaxRetries)
            {
                var wait = RetryAfter(response.Headers.RetryAfter) ?? delay;
                response.Dispose();
                await Task.Delay(wait > options.MaxRetryDelay ? options.MaxRetryDelay : wait, ct).ConfigureAwait(false);
                delay = Next(delay);
                continue;
            }
            using (response)
            {
                throw await ProblemAsync(response, ct).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan Next(TimeSpan delay) => delay * 2 > options.MaxRetryDelay ? options.MaxRetryDelay : delay * 2;

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<HooklineApiException> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = response.StatusCode;
        var title = response.ReasonPhrase ?? status.ToString();
        var detail = "";
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : title;
                detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
                if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in e.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                            : [field.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            detail = text.Length > 500 ? text[..500] : text;
        }
        return (int)status switch
        {
            400 or 422 => new HooklineValidationException(status, title, detail, errors),
            401 or 403 => new HooklineAuthException(status, title, detail, errors),
            404 => new HooklineNotFoundException(status, title, detail, errors),
            409 => new HooklineConflictException(status, title, detail, errors),
            _ => new HooklineApiException(status, title, detail, errors),
        };
    }
}
