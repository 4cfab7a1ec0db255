using System.Net;
using System.Text;
using System.Text.Json;
using Hookline.Client.Models;
using Hookline.Client.Tests.Support;

namespace Hookline.Client.Tests.Cli;

/// <summary><c>hookline sources</c> run as a process against a real server.</summary>
public sealed class SourcesCommandTests : IAsyncLifetime
{
    private readonly ClientHost _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private string[] Connect => ["--url", _server.Host.BaseAddress.ToString(), "--key", TestHost.AdminKey];

    [Fact]
    public async Task Sources_CreateWithVerificationAndMapping_ListGetUpdateRequestsDelete()
    {
        var app = await _server.Client.Apps.CreateAsync(new AppCreate("cli-sources", "cli-sources"));
        var created = await Support.Cli.RunAsync(["sources", "create", "Orders feed", "--app", "cli-sources", "--uid", "orders-feed",
            "--verification", "hmac", "--header", "X-Signature", "--prefix", "sha256=", "--secret", "orders-secret-0123456789",
            "--customer-id-field", "customer.id", "--event-type-field", "kind", "--metadata", "total=amount,currency=money.currency", "--json", .. Connect]);
        created.ExitCode.ShouldBe(0, created.ToString());
        var json = JsonDocument.Parse(created.Output).RootElement;
        var id = json.GetProperty("id").GetString()!;
        json.GetProperty("ingest_url").GetString().ShouldEndWith("/in/" + id);
        var stored = await _server.Client.Sources.GetAsync(app.Id, id);
        stored.Verification.Type.ShouldBe("hmac");
        stored.Verification.Header.ShouldBe("X-Signature");
        stored.Verification.Prefix.ShouldBe("sha256=");
        stored.Mapping!.CustomerIdField.ShouldBe("customer.id");
        stored.Mapping.MetadataFields!["currency"].ShouldBe("money.currency");

        var body = """{"customer":{"id":"c-1"},"kind":"order.paid","amount":12,"money":{"currency":"EUR"}}""";
        (await SendSignedAsync(stored.IngestUrl, body, "orders-secret-0123456789")).ShouldBe(HttpStatusCode.Accepted);
        (await SendSignedAsync(stored.IngestUrl, body, "not-the-secret-0123456789")).ShouldBe(HttpStatusCode.Unauthorized);

        var list = await Support.Cli.RunAsync(["sources", "list", "--app", "cli-sources", .. Connect]);
        list.ExitCode.ShouldBe(0, list.ToString());
        list.Output.ShouldContain(id);
        list.Output.ShouldContain("Orders feed");

        var get = await Support.Cli.RunAsync(["sources", "get", id, "--app", "cli-sources", .. Connect]);
        get.ExitCode.ShouldBe(0, get.ToString());
        get.Output.ShouldContain("customer_id=customer.id");
        get.Output.ShouldContain("metadata.total=amount");

        var requests = await Support.Cli.RunAsync(["sources", "requests", id, "--app", "cli-sources", "--json", .. Connect]);
        requests.ExitCode.ShouldBe(0, requests.ToString());
        JsonDocument.Parse(requests.Output).RootElement.EnumerateArray().Select(r => r.GetProperty("status_code").GetInt32()).ShouldBe([401, 202], ignoreOrder: true);
        var table = await Support.Cli.RunAsync(["sources", "requests", id, "--app", "cli-sources", .. Connect]);
        table.Output.ShouldContain("401");

        var update = await Support.Cli.RunAsync(["sources", "update", id, "--app", "cli-sources", "--name", "Orders", "--allowed-event-types", "order.paid", "--json", .. Connect]);
        update.ExitCode.ShouldBe(0, update.ToString());
        var changed = await _server.Client.Sources.GetAsync(app.Id, id);
        changed.Name.ShouldBe("Orders");
        changed.AllowedEventTypes.ShouldBe(["order.paid"]);
        changed.Mapping!.CustomerIdField.ShouldBe("customer.id", "options left out stay as they were");

        var delete = await Support.Cli.RunAsync(["sources", "delete", id, "--app", "cli-sources", .. Connect]);
        delete.ExitCode.ShouldBe(0, delete.ToString());
        await Should.ThrowAsync<HooklineNotFoundException>(() => _server.Client.Sources.GetAsync(app.Id, id));
    }

    [Fact]
    public async Task Sources_Failures_HaveExitCodesAndNameTheField()
    {
        await _server.Client.Apps.CreateAsync(new AppCreate("cli-sources-bad", "cli-sources-bad"));
        var invalid = await Support.Cli.RunAsync(["sources", "create", "Bad", "--app", "cli-sources-bad", "--verification", "hmac", .. Connect]);
        invalid.ExitCode.ShouldBe(5, invalid.ToString());
        invalid.Error.ShouldContain("verification.header:");

        var badMetadata = await Support.Cli.RunAsync(["sources", "create", "Bad", "--app", "cli-sources-bad", "--metadata", "no-equals-sign", .. Connect]);
        badMetadata.ExitCode.ShouldBe(1, badMetadata.ToString());
        badMetadata.Error.ShouldContain("name=path");

        var nothing = await Support.Cli.RunAsync(["sources", "update", "src_x", "--app", "cli-sources-bad", .. Connect]);
        nothing.ExitCode.ShouldBe(1, nothing.ToString());

        var missing = await Support.Cli.RunAsync(["sources", "get", "src_missing", "--app", "cli-sources-bad", .. Connect]);
        missing.ExitCode.ShouldBe(4, missing.ToString());
    }

    private static async Task<HttpStatusCode> SendSignedAsync(string url, string body, string secret)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var signature = "sha256=" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
        using var sender = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Signature", signature);
        using var response = await sender.SendAsync(request);
        return response.StatusCode;
    }
}
