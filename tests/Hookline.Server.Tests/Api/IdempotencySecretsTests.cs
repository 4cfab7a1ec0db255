using System.Net;
using Hookline.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Hookline.Server.Tests.Api;

/// <summary>An idempotent POST's stored answer holds no plaintext secret, and a replay still answers with it.</summary>
public sealed class IdempotencySecretsTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private string _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" });
        _app = (await _host.Admin.CreateAppAsync()).Str("id");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EndpointCreate_WithIdempotencyKey_StoresNoPlaintextSecret_AndReplaysIt()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "create-ep-1" };
        var body = new { url = "https://example.com/hook" };
        var (status, created) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", body, headers);
        status.ShouldBe(HttpStatusCode.Created);
        var secret = created.Str("secret");

        var stored = await StoredAnswersAsync();
        stored.ShouldNotBeEmpty();
        var key = secret["whsec_".Length..];
        stored.ShouldAllBe(b => !b.Contains(key, StringComparison.Ordinal));

        var (replayed, again) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", body, headers);
        replayed.ShouldBe(HttpStatusCode.Created);
        again.Str("secret").ShouldBe(secret);
        again.Str("id").ShouldBe(created.Str("id"));
    }

    [Fact]
    public async Task ApiKeyCreate_WithIdempotencyKey_StoresNoPlaintextKey()
    {
        var (status, key) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/api-keys", new { name = "ci" },
            new Dictionary<string, string> { ["Idempotency-Key"] = "key-1" });
        status.ShouldBe(HttpStatusCode.Created);

        (await StoredAnswersAsync()).ShouldAllBe(b => !b.Contains(key.Str("key"), StringComparison.Ordinal));
    }

    private async Task<List<string>> StoredAnswersAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_host.DataDirectory, "hookline.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT response_body FROM idempotency_keys WHERE response_body IS NOT NULL";
        var bodies = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            bodies.Add(reader.GetString(0));
        }
        return bodies;
    }
}
