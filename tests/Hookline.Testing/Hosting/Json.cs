using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;

namespace Hookline.Testing.Hosting;

/// <summary>Small helpers to drive the API with raw JSON, as any client would.</summary>
public static class Json
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null,
        IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(k, v);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType is { } media && media.Contains("json", StringComparison.Ordinal))
        {
            return (response.StatusCode, JsonNode.Parse(text));
        }
        return (response.StatusCode, text.Length == 0 ? null : JsonValue.Create(text));
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(this HttpClient client, string path, object body, IDictionary<string, string>? headers = null) =>
        client.SendAsync(HttpMethod.Post, path, body as string ?? JsonSerializer.Serialize(body), headers);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> PatchAsync(this HttpClient client, string path, string json) =>
        client.SendAsync(HttpMethod.Patch, path, json);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path) =>
        client.SendAsync(HttpMethod.Get, path);

    public static async Task<JsonNode> CreateAppAsync(this HttpClient admin, string name = "Acme", string? uid = null)
    {
        var (status, body) = await admin.PostAsync("/api/v1/apps", uid is null ? new { name } : new { name, uid });
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!;
    }

    public static async Task<JsonNode> CreateEndpointAsync(this HttpClient client, string appId, object body)
    {
        var (status, created) = await client.PostAsync($"/api/v1/apps/{appId}/endpoints", body);
        status.ShouldBe(HttpStatusCode.Created, created?.ToJsonString());
        return created!;
    }

    public static string Str(this JsonNode? node, string property) => node![property]!.GetValue<string>();
}
