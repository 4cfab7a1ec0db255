using Hookline.Testing;
namespace Hookline.Bench.Infra;

/// <summary>An endpoint to create: where it points and its protection settings.</summary>
public sealed record EndpointSpec(Uri Url, int? MaxConcurrency = null, double? RateLimit = null, int? TimeoutSeconds = null);

public static class Setup
{
    /// <summary>Creates an app and its endpoints through the API of a node with the engine off, then stops the node.</summary>
    public static async Task<(string AppId, List<string> EndpointIds)> AppAsync(Deployment d, params EndpointSpec[] endpoints)
    {
        using var server = await d.StartAsync(dispatcher: false);
        using var api = new HooklineApi(server.BaseAddress);
        var appId = await api.CreateAppAsync("Bench");
        var ids = new List<string>();
        foreach (var e in endpoints)
        {
            ids.Add(await api.CreateEndpointAsync(appId, e.Url, e.MaxConcurrency, e.RateLimit, e.TimeoutSeconds));
        }
        return (appId, ids);
    }

    /// <summary>A URL on this machine where nothing listens: every request to it fails to connect.</summary>
    public static Uri DeadUrl() => new($"http://127.0.0.1:{FreePort.Next()}/dead");
}
