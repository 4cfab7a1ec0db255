using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CsvHelper;
using Hookline.Server.Tests.Support;

namespace Hookline.Server.Tests.Observability;

public sealed class ExportTests : IAsyncLifetime
{
    private MixedRun _run = null!;

    public async Task InitializeAsync()
    {
        _run = await MixedRun.StartAsync();
        await _run.PublishAndSettleAsync();
    }

    public async Task DisposeAsync() => await _run.DisposeAsync();

    private async Task<(byte[] Bytes, string ExportId, HttpResponseMessage Response)> DownloadAsync(string path)
    {
        var response = await _run.Host.Admin.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (bytes, response.Headers.GetValues("X-Hookline-Export-Id").Single(), response);
    }

    /// <summary>Every record by header name, read by CsvHelper's RFC 4180 reader.</summary>
    private static List<Dictionary<string, string>> ParseCsv(byte[] bytes)
    {
        using var reader = CsvReader.Create(bytes, new CsvReaderOptions { HasHeader = true, Mode = CsvMode.Rfc4180 });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            reader.FieldCount.ShouldBe(reader.Headers.Count);
            rows.Add(reader.Headers.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => reader.GetString(x.i), StringComparer.Ordinal));
        }
        return rows;
    }

    private async Task<JsonNode> AuditEntryAsync(string exportId)
    {
        var list = await _run.GetAsync($"/api/v1/exports?app_id={_run.AppId}");
        return list["data"]!.AsArray().Single(e => e.Str("id") == exportId)!;
    }

    [Fact]
    public async Task DeliveriesCsv_ParsesWithAStandardCsvParser_AndItsAuditEntryHashesExactlyTheBytesSent()
    {
        var (bytes, exportId, response) = await DownloadAsync($"/api/v1/apps/{_run.AppId}/exports/deliveries.csv?status=dead");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var rows = ParseCsv(bytes);
        rows.Count.ShouldBe(MixedRun.Bad);
        rows.ShouldAllBe(r => r["status"] == "dead" && r["endpoint_id"] == _run.BadEndpoint && r["last_status_code"] == "500");
        rows.Select(r => r["id"]).ShouldAllBe(id => id.StartsWith("dlv_", StringComparison.Ordinal));

        var audit = await AuditEntryAsync(exportId);
        audit.Str("status").ShouldBe("completed");
        audit.Str("sha256").ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        audit["bytes"]!.GetValue<long>().ShouldBe(bytes.Length);
        audit["rows"]!.GetValue<long>().ShouldBe(MixedRun.Bad);
        audit.Str("key_id").ShouldNotBeNullOrEmpty();
        audit["filters"]!["status"]!.GetValue<string>().ShouldBe("dead");
        audit.Str("resource").ShouldBe("deliveries");
    }

    [Fact]
    public async Task MessagesCsv_QuotesFieldsWithCommasQuotesAndNewlines_PerRfc4180()
    {
        var (bytes, _, _) = await DownloadAsync($"/api/v1/apps/{_run.AppId}/exports/messages.csv?event_type=order.paid");

        var text = System.Text.Encoding.UTF8.GetString(bytes);
        text.ShouldStartWith("id,app_id,event_type,event_id,channels,created_at,payload_pruned,payload\r\n");
        var rows = ParseCsv(bytes);
        rows.Count.ShouldBe(MixedRun.Good);
        var payload = JsonNode.Parse(rows[0]["payload"])!;
        payload.Str("note").ShouldBe("line, with \"quotes\"\nand a newline");
    }

    [Fact]
    public async Task MessagesJson_IsOneArrayWithEmbeddedPayloads_AndIsAudited()
    {
        var (bytes, exportId, _) = await DownloadAsync($"/api/v1/apps/{_run.AppId}/exports/messages.json");

        var array = JsonNode.Parse(bytes)!.AsArray();
        array.Count.ShouldBe(MixedRun.Good + MixedRun.Bad);
        array[0]!["payload"]!["note"].ShouldNotBeNull();
        var audit = await AuditEntryAsync(exportId);
        audit.Str("sha256").ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        audit.Str("format").ShouldBe("json");
    }

    [Fact]
    public async Task Export_WithABadFilter_Answers422NamingTheField_AndRecordsNothing()
    {
        var (status, body) = await _run.Host.Admin.GetJsonAsync($"/api/v1/apps/{_run.AppId}/exports/deliveries.csv?status=lost");

        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body!["errors"]!["status"].ShouldNotBeNull();
        (await _run.GetAsync("/api/v1/exports"))["data"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task ExportList_ForAnAppKey_ShowsOnlyItsOwnApp_AndTakesAnOffset()
    {
        await DownloadAsync($"/api/v1/apps/{_run.AppId}/exports/deliveries.json");
        await DownloadAsync($"/api/v1/apps/{_run.AppId}/exports/deliveries.csv");
        var other = (await _run.Host.Admin.CreateAppAsync("Other")).Str("id");
        var (_, key) = await _run.Host.Admin.PostAsync($"/api/v1/apps/{other}/api-keys", new { name = "ops" });
        using var scoped = _run.Host.Client(key.Str("key"));

        var (status, own) = await scoped.GetJsonAsync("/api/v1/exports");
        status.ShouldBe(HttpStatusCode.OK);
        own!["data"]!.AsArray().ShouldBeEmpty();
        (await scoped.GetJsonAsync($"/api/v1/exports?app_id={_run.AppId}")).Status.ShouldBe(HttpStatusCode.NotFound);
        var all = (await _run.GetAsync("/api/v1/exports"))["data"]!.AsArray();
        all.Count.ShouldBe(2);
        var skipped = (await _run.GetAsync("/api/v1/exports?offset=1"))["data"]!.AsArray();
        skipped.ShouldHaveSingleItem()!.Str("id").ShouldBe(all[1].Str("id"));
        (await _run.Host.Admin.GetJsonAsync("/api/v1/exports?offset=-1")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }
}
