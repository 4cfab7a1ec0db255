using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Hookline.Bench.Infra;

/// <summary>The few API calls the scenarios make, over one pooled client authenticated as admin.</summary>
public sealed class HooklineApi : IDisposable
{
    private readonly HttpClient _client;

    public HooklineApi(Uri baseAddress)
    {
        _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Deployment.AdminKey);
    }

    public HttpClient Client => _client;

    public async Task<string> CreateAppAsync(string name) =>
        (await PostAsync("/api/v1/apps", new { name }))["id"]!.GetValue<string>();

    public async Task<string> CreateEndpointAsync(string appId, Uri url, int? maxConcurrency = null, double? rateLimit = null, int? timeoutSeconds = null) =>
        (await PostAsync($"/api/v1/apps/{appId}/endpoints", new
        {
            url = url.ToString(),
            max_concurrency = maxConcurrency,
            rate_limit_per_second = rateLimit,
            timeout_seconds = timeoutSeconds,
        }))["id"]!.GetValue<string>();

    /// <summary>Publishes one message with a raw JSON payload; returns how many deliveries it wrote.</summary>
    public async Task<int> PublishAsync(string appId, string payloadJson)
    {
        using var content = new StringContent($"{{\"event_type\":\"bench.event\",\"payload\":{payloadJson}}}", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync($"/api/v1/apps/{appId}/messages", content);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Accepted
            ? JsonNode.Parse(text)?["deliveries"]?.GetValue<int>() ?? 0
            : throw new InvalidOperationException($"publish answered {(int)response.StatusCode}: {text}");
    }

    private async Task<JsonNode> PostAsync(string path, object body)
    {
        using var response = await _client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(text)!
            : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    public void Dispose() => _client.Dispose();
}
