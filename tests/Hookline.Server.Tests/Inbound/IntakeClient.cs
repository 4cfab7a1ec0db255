using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hookline.Testing.Hosting;

namespace Hookline.Server.Tests.Inbound;

/// <summary>Drives sources and the intake as a sender would: raw bytes, its own headers, no Hookline key on <c>/in</c>.</summary>
public static class IntakeClient
{
    public static async Task<JsonNode> CreateSourceAsync(this HttpClient admin, string appId, object body)
    {
        var (status, created) = await admin.PostAsync($"/api/v1/apps/{appId}/sources", body);
        status.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendRawAsync(this HttpClient client, string path, string body,
        IDictionary<string, string>? headers = null, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(k, v))
            {
                request.Content.Headers.TryAddWithoutValidation(k, v);
            }
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0 ? JsonNode.Parse(text) : null;
        return (response.StatusCode, json, response);
    }

    public static string HexHmacSha256(string secret, string data) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(data)));

    public static async Task<JsonArray> RequestsAsync(this HttpClient admin, string appId, string sourceId)
    {
        var (status, body) = await admin.GetJsonAsync($"/api/v1/apps/{appId}/sources/{sourceId}/requests");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!["data"]!.AsArray();
    }

    public static async Task<JsonArray> EventsAsync(this HttpClient admin, string appId, string query = "")
    {
        var (status, body) = await admin.GetJsonAsync($"/api/v1/apps/{appId}/events{query}");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!["data"]!.AsArray();
    }
}
