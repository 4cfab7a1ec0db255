using System.Security.Cryptography;
using Hookline.Core.Ids;
using Hookline.Core.Inbound;
using Hookline.Core.Paging;
using Hookline.Core.Retention;
using Hookline.Core.Security;
using Hookline.Server.Hosting;
using Hookline.Server.Tests.Support;
using Hookline.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Server.Tests.Inbound;

/// <summary>
/// Sources' recent requests are pruned by the retention job at <c>Hookline:Retention:InboundRequests</c>;
/// the older <c>Hookline:Inbound:RequestRetention</c> still works as an alias.
/// </summary>
public sealed class InboundRequestRetentionTests : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hookline-prune-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 10, 0, 0, 0, TimeSpan.Zero));
    private SqliteStore? _store;

    [Theory]
    [InlineData(RetentionSettings.InboundRequestsKey)]
    [InlineData(RetentionSettings.DeprecatedInboundRequestsKey)]
    public async Task RetentionJob_PrunesRequestsOlderThanTheConfiguredAge_UnderEitherKey(string key)
    {
        var options = RetentionSettings.Read(Configuration((key, "2.00:00:00")));
        options.InboundRequests.ShouldBe(TimeSpan.FromDays(2));
        var (store, source) = await SourceAsync();
        await RecordAsync(store, source, _clock.GetUtcNow().AddDays(-3));
        await RecordAsync(store, source, _clock.GetUtcNow().AddDays(-1));

        var pruned = await RunAsync(store, options);

        pruned["inbound_requests"].ShouldBe(1);
        var left = await store.InboundEvents.ListRequestsAsync(source.Id, new PageRequest());
        left.Data.ShouldHaveSingleItem().ReceivedAt.ShouldBe(_clock.GetUtcNow().AddDays(-1));
        (await store.InboundEvents.CountersAsync(source.Id))[InboundOutcomes.Unauthorized].ShouldBe(2, "counters count every request ever received");
    }

    [Fact]
    public async Task RetentionSetting_WinsOverTheDeprecatedAlias_AndTheDefaultIsSevenDays()
    {
        var both = Configuration((RetentionSettings.InboundRequestsKey, "1.00:00:00"), (RetentionSettings.DeprecatedInboundRequestsKey, "10.00:00:00"));
        RetentionSettings.UsesDeprecatedAlias(both).ShouldBeFalse();
        var options = RetentionSettings.Read(both);
        options.InboundRequests.ShouldBe(TimeSpan.FromDays(1));
        RetentionSettings.UsesDeprecatedAlias(Configuration((RetentionSettings.DeprecatedInboundRequestsKey, "10.00:00:00"))).ShouldBeTrue();
        RetentionSettings.Read(Configuration()).InboundRequests.ShouldBe(TimeSpan.FromDays(7));

        var (store, source) = await SourceAsync();
        await RecordAsync(store, source, _clock.GetUtcNow().AddDays(-3));
        (await RunAsync(store, options))["inbound_requests"].ShouldBe(1, "one day wins over ten");
        (await store.InboundEvents.ListRequestsAsync(source.Id, new PageRequest())).Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task RetentionJob_PrunesRequestsInBatches_UntilNoneIsOlder()
    {
        var (store, source) = await SourceAsync();
        for (var i = 0; i < 7; i++)
        {
            await RecordAsync(store, source, _clock.GetUtcNow().AddDays(-8));
        }
        await RecordAsync(store, source, _clock.GetUtcNow().AddDays(-6));

        var pruned = await RunAsync(store, new RetentionOptions { BatchSize = 2 });

        pruned["inbound_requests"].ShouldBe(7);
        (await store.InboundEvents.ListRequestsAsync(source.Id, new PageRequest())).Data.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Server_WithOnlyTheDeprecatedKey_PrunesARefusedRequest()
    {
        // The job is the server's own; only its age and interval are short.
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            [RetentionSettings.DeprecatedInboundRequestsKey] = "00:00:01",
            ["Hookline:Retention:Interval"] = "00:00:00.200",
        });
        var app = (await host.Admin.CreateAppAsync()).Str("id");
        var source = await host.Admin.CreateSourceAsync(app, new { name = "Pruned", verification = new { type = "api-key", secret = "feed-key-0123456789abcdef" } });
        using var sender = new HttpClient { BaseAddress = host.BaseAddress };
        using var refused = await sender.PostAsync($"/in/{source.Str("id")}", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        var requests = $"/api/v1/apps/{app}/sources/{source.Str("id")}/requests";
        (await host.Admin.GetJsonAsync(requests)).Body!["data"]!.AsArray().Count.ShouldBe(1);

        await Eventually.HoldsAsync(async () => (await host.Admin.GetJsonAsync(requests)).Body!["data"]!.AsArray().Count == 0,
            TimeSpan.FromSeconds(30), "the refused request is pruned after its age");
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private async Task<IReadOnlyDictionary<string, long>> RunAsync(SqliteStore store, RetentionOptions options)
    {
        var job = new RetentionJob(store, options, _clock, [new InboundRequestsRetention(store)]);
        return (await job.RunOnceAsync("node-a", CancellationToken.None)).ShouldNotBeNull();
    }

    private async Task<(SqliteStore Store, Source Source)> SourceAsync()
    {
        _store = new SqliteStore($"Data Source={_path}", new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32)), _clock, new SqliteOptions { Synchronous = "NORMAL" });
        await _store.MigrateAsync();
        var source = new Source { Id = IdGenerator.New(IdPrefix.Source), AppId = "app_x", Name = "Pruned", CreatedAt = _clock.GetUtcNow(), UpdatedAt = _clock.GetUtcNow() };
        await _store.Sources.CreateAsync(source, null);
        return (_store, source);
    }

    private static Task RecordAsync(SqliteStore store, Source source, DateTimeOffset at) => store.InboundEvents.RecordRefusalAsync(new InboundRequestRecord
    {
        Id = IdGenerator.New(InboundRequestRecord.IdPrefix),
        SourceId = source.Id,
        ReceivedAt = at,
        StatusCode = 401,
        Outcome = InboundOutcomes.Unauthorized,
    });

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
        return ValueTask.CompletedTask;
    }
}
