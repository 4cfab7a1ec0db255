using System.Security.Cryptography;
using Hookline.Core.Ids;
using Hookline.Core.Inbound;
using Hookline.Core.Paging;
using Hookline.Core.Security;
using Hookline.Server.Inbound;
using Hookline.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hookline.Server.Tests.Inbound;

public sealed class InboundRequestPrunerTests : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hookline-prune-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Prune_DeletesRequestsOlderThanTheRetention_InBatches_AndKeepsNewerOnes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 10, 0, 0, 0, TimeSpan.Zero));
        var store = new SqliteStore($"Data Source={_path}", new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32)), clock, new SqliteOptions { Synchronous = "NORMAL" });
        await store.MigrateAsync();
        var source = new Source { Id = IdGenerator.New(IdPrefix.Source), AppId = "app_x", Name = "Pruned", CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() };
        await store.Sources.CreateAsync(source, null);
        async Task RecordAsync(DateTimeOffset at) => await store.InboundEvents.RecordRefusalAsync(new InboundRequestRecord
        {
            Id = IdGenerator.New(InboundRequestRecord.IdPrefix),
            SourceId = source.Id,
            ReceivedAt = at,
            StatusCode = 401,
            Outcome = InboundOutcomes.Unauthorized,
        });
        for (var i = 0; i < InboundRequestPruner.Batch + 3; i++)
        {
            await RecordAsync(clock.GetUtcNow().AddDays(-8));
        }
        await RecordAsync(clock.GetUtcNow().AddDays(-6));
        var pruner = new InboundRequestPruner(store, clock, Microsoft.Extensions.Options.Options.Create(new InboundOptions()), NullLogger<InboundRequestPruner>.Instance);

        (await pruner.PruneAsync(CancellationToken.None)).ShouldBe(InboundRequestPruner.Batch + 3);

        var left = await store.InboundEvents.ListRequestsAsync(source.Id, new PageRequest());
        left.Data.ShouldHaveSingleItem().ReceivedAt.ShouldBe(clock.GetUtcNow().AddDays(-6));
        (await store.InboundEvents.CountersAsync(source.Id))[InboundOutcomes.Unauthorized].ShouldBe(InboundRequestPruner.Batch + 4);
    }

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
