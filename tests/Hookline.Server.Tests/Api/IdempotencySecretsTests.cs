using System.Net;
using Hookline.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Server.Tests.Api;

/// <summary>An idempotent POST's stored answer holds no plaintext secret, a replay still answers with it while it is valid, and never a deleted key.</summary>
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
    public async Task SecretRotate_WithIdempotencyKey_StoresNoPlaintextSecret_AndReplaysTheSameOne()
    {
        var endpoint = (await _host.Admin.CreateEndpointAsync(_app, new { url = "https://example.com/rotating" })).Str("id");
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "rotate-1" };
        var path = $"/api/v1/apps/{_app}/endpoints/{endpoint}/secret/rotate";
        var (status, rotated) = await _host.Admin.PostAsync(path, new { }, headers);
        status.ShouldBe(HttpStatusCode.OK, rotated?.ToJsonString());
        var secret = rotated.Str("secret");

        var key = secret["whsec_".Length..];
        (await StoredAnswersAsync()).ShouldAllBe(b => !b.Contains(key, StringComparison.Ordinal));
        var (replayed, again) = await _host.Admin.PostAsync(path, new { }, headers);

        replayed.ShouldBe(HttpStatusCode.OK);
        again.Str("secret").ShouldBe(secret);
        (await _host.Admin.GetJsonAsync($"/api/v1/apps/{_app}/endpoints/{endpoint}/secret")).Body.Str("secret").ShouldBe(secret);
    }

    [Fact]
    public async Task ApiKeyCreate_WithIdempotencyKey_StoresNoPlaintextKey()
    {
        var (status, key) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/api-keys", new { name = "ci" },
            new Dictionary<string, string> { ["Idempotency-Key"] = "key-1" });
        status.ShouldBe(HttpStatusCode.Created);

        (await StoredAnswersAsync()).ShouldAllBe(b => !b.Contains(key.Str("key"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApiKeyCreate_ReplayedAfterTheKeyWasDeleted_Answers410_WithoutTheKey()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "key-deleted" };
        var (status, created) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/api-keys", new { name = "ci" }, headers);
        status.ShouldBe(HttpStatusCode.Created);
        var (replayed, same) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/api-keys", new { name = "ci" }, headers);
        replayed.ShouldBe(HttpStatusCode.Created);
        same.Str("key").ShouldBe(created.Str("key"));

        (await _host.Admin.DeleteAsync($"/api/v1/apps/{_app}/api-keys/{created.Str("id")}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/apps/{_app}/api-keys")
        {
            Content = new StringContent("{\"name\":\"ci\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "key-deleted");
        using var response = await _host.Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Gone);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        text.ShouldContain("deleted");
        text.ShouldNotContain(created.Str("key"));
    }

    [Fact]
    public async Task Replay_OfAnAnswerStoredInPlaintext_RunsAsAFirstRequest_InsteadOf500()
    {
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "from-before-encryption" };
        var body = new { url = "https://example.com/old" };
        var (status, first) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", body, headers);
        status.ShouldBe(HttpStatusCode.Created);
        // As a version that stored answers unencrypted left it.
        await ExecuteAsync("UPDATE idempotency_keys SET response_body = @body WHERE idem_key = 'from-before-encryption'", first!.ToJsonString());

        var (again, second) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", body, headers);

        again.ShouldBe(HttpStatusCode.Created, second?.ToJsonString());
        second.Str("id").ShouldNotBe(first.Str("id"));
        var (thirdStatus, third) = await _host.Admin.PostAsync($"/api/v1/apps/{_app}/endpoints", body, headers);
        thirdStatus.ShouldBe(HttpStatusCode.Created);
        third.Str("id").ShouldBe(second.Str("id"));
        (await StoredAnswersAsync()).ShouldAllBe(b => b.StartsWith("v1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_AfterTheKeysLifetime_RunsAsAFirstRequest()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Hookline:RunDispatcher"] = "false" }, clock);
        var app = (await host.Admin.CreateAppAsync()).Str("id");
        var headers = new Dictionary<string, string> { ["Idempotency-Key"] = "day-old" };
        var body = new { url = "https://example.com/day" };
        var (_, first) = await host.Admin.PostAsync($"/api/v1/apps/{app}/endpoints", body, headers);

        clock.Advance(TimeSpan.FromHours(23));
        var (_, within) = await host.Admin.PostAsync($"/api/v1/apps/{app}/endpoints", body, headers);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var (status, after) = await host.Admin.PostAsync($"/api/v1/apps/{app}/endpoints", body, headers);

        within.Str("id").ShouldBe(first.Str("id"));
        status.ShouldBe(HttpStatusCode.Created);
        after.Str("id").ShouldNotBe(first.Str("id"));
    }

    private async Task ExecuteAsync(string sql, string body)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_host.DataDirectory, "hookline.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@body", body);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
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
