using System.Net.Http.Headers;
using Hookline.Server.Tests.Support;
using Npgsql;

namespace Hookline.Server.Tests.ScaleOut;

/// <summary>What the cluster tests' server processes share: their settings, an admin client, the attempt log.</summary>
internal static class ClusterNodes
{
    /// <summary>Settings of node <paramref name="index"/> named <c>{prefix}-{index}</c> on the PostgreSQL database <paramref name="database"/>.</summary>
    public static Dictionary<string, string?> Settings(string database, string prefix, int index, string dataRoot) => new()
    {
        ["Hookline:Storage"] = "postgres",
        ["Hookline:ConnectionString"] = database,
        ["Hookline:NodeId"] = $"{prefix}-{index}",
        ["Hookline:EncryptionKey"] = PostgresFixture.ClusterEncryptionKey,
        ["Hookline:AdminApiKey"] = TestHost.AdminKey,
        ["Hookline:AllowPrivateTargets"] = "true",
        ["Hookline:DataDirectory"] = Path.Combine(dataRoot, $"node-{index}"),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    public static HttpClient Admin(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestHost.AdminKey);
        return client;
    }

    /// <summary>Every attempt's <c>started_at</c> to <paramref name="url"/>, in order: the instants the nodes let requests out.</summary>
    public static async Task<List<DateTimeOffset>> AttemptStartsAsync(string database, string url)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT started_at FROM attempts WHERE url = @url ORDER BY started_at", connection);
        command.Parameters.AddWithValue("url", url);
        await using var reader = await command.ExecuteReaderAsync();
        var starts = new List<DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            starts.Add(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)));
        }
        return starts;
    }
}
