using Hookline.Core.Retention;
using Hookline.Core.Storage;

namespace Hookline.Storage.Tests;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task TryBegin_FirstTime_ReturnsNull_ThenTheRecordInProgress()
    {
        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now)).ShouldBeNull();

        var second = await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-b", Now.AddSeconds(1));

        second.ShouldBe(new IdempotencyRecord("hash-a", null, null, Start));
        second!.InProgress.ShouldBeTrue();
    }

    [Fact]
    public async Task TryBegin_ReservationOlderThanItsLifetime_IsTakenOver()
    {
        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now)).ShouldBeNull();
        var later = Now + IdempotencyRecord.ReservationLifetime + TimeSpan.FromSeconds(1);
        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-b", later)).ShouldBeNull();
        var record = (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-b", later.AddSeconds(1))).ShouldNotBeNull();
        record.RequestHash.ShouldBe("hash-b");
        record.InProgress.ShouldBeTrue();
    }

    [Fact]
    public async Task TryBegin_SameKeyInAnotherScope_IsIndependent()
    {
        await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now);

        (await Store.Idempotency.TryBeginAsync("app_2", "key-1", "hash-a", Now)).ShouldBeNull();
    }

    [Fact]
    public async Task Complete_StoresTheAnswer_ForLaterRequests()
    {
        await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now);

        await Store.Idempotency.CompleteAsync("app_1", "key-1", 202, """{"id":"msg_1"}""");

        var record = (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now)).ShouldNotBeNull();
        record.InProgress.ShouldBeFalse();
        record.StatusCode.ShouldBe(202);
        record.ResponseBody.ShouldBe("""{"id":"msg_1"}""");
    }

    [Fact]
    public async Task Abandon_ForgetsAReservation_SoTheKeyMayBeTriedAgain()
    {
        await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now);

        await Store.Idempotency.AbandonAsync("app_1", "key-1");

        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-b", Now)).ShouldBeNull();
    }

    [Fact]
    public async Task Abandon_AfterComplete_KeepsTheAnswer()
    {
        await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now);
        await Store.Idempotency.CompleteAsync("app_1", "key-1", 202, "{}");

        await Store.Idempotency.AbandonAsync("app_1", "key-1");

        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now)).ShouldNotBeNull().StatusCode.ShouldBe(202);
    }

    [Fact]
    public async Task Purge_RemovesOnlyRecordsOlderThanTheCutoff()
    {
        await Store.Idempotency.TryBeginAsync("app_1", "old", "h", Start.AddHours(-25));
        await Store.Idempotency.TryBeginAsync("app_1", "new", "h", Start.AddHours(-1));
        await Store.Idempotency.CompleteAsync("app_1", "old", 202, "{}");
        await Store.Idempotency.CompleteAsync("app_1", "new", 202, "{}");

        var purged = await Store.Idempotency.PurgeAsync(Start.AddHours(-24));

        purged.ShouldBe(1);
        (await Store.Idempotency.TryBeginAsync("app_1", "old", "h", Now)).ShouldBeNull();
        (await Store.Idempotency.TryBeginAsync("app_1", "new", "h", Now)).ShouldNotBeNull().StatusCode.ShouldBe(202);
    }

    [Fact]
    public async Task TryBegin_FinishedRecordOlderThanItsLifetime_IsTakenOver()
    {
        await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now);
        await Store.Idempotency.CompleteAsync("app_1", "key-1", 201, "v1:answer", "api_key:key_1");

        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now + IdempotencyRecord.Lifetime - TimeSpan.FromSeconds(1)))
            .ShouldNotBeNull().StatusCode.ShouldBe(201);
        var later = Now + IdempotencyRecord.Lifetime + TimeSpan.FromSeconds(1);
        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-b", later)).ShouldBeNull();
        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-b", later)).ShouldBe(new IdempotencyRecord("hash-b", null, null, later));
    }

    [Fact]
    public async Task Complete_WithAReplayGuard_ReturnsItWithTheAnswer()
    {
        await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now);

        await Store.Idempotency.CompleteAsync("app_1", "key-1", 201, "v1:answer", "api_key:key_1");

        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now)).ShouldNotBeNull().ReplayGuard.ShouldBe("api_key:key_1");
    }

    [Fact]
    public async Task Forget_RemovesTheFinishedRecordReadAtThatTime_Only()
    {
        await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-a", Now);
        await Store.Idempotency.CompleteAsync("app_1", "key-1", 201, "{}");

        (await Store.Idempotency.ForgetAsync("app_1", "key-1", Now.AddSeconds(-1))).ShouldBeFalse();
        (await Store.Idempotency.ForgetAsync("app_1", "key-1", Now)).ShouldBeTrue();

        (await Store.Idempotency.TryBeginAsync("app_1", "key-1", "hash-b", Now)).ShouldBeNull();
    }

    [Fact]
    public async Task Retention_WithItsDefaults_PurgesIdempotencyRecordsAfter24Hours()
    {
        await Store.Idempotency.TryBeginAsync("app_1", "day-old", "h", Now);
        await Store.Idempotency.CompleteAsync("app_1", "day-old", 202, "{}");
        Clock.Advance(TimeSpan.FromHours(2));
        await Store.Idempotency.TryBeginAsync("app_1", "recent", "h", Now);
        await Store.Idempotency.CompleteAsync("app_1", "recent", 202, "{}");
        var job = new RetentionJob(Store, new RetentionOptions(), Clock, []);

        Clock.Advance(TimeSpan.FromHours(22) + TimeSpan.FromSeconds(1));
        var pruned = (await job.RunOnceAsync("node-a", CancellationToken.None)).ShouldNotBeNull();

        pruned["idempotency_records"].ShouldBe(1);
        (await Store.Idempotency.TryBeginAsync("app_1", "recent", "h", Now)).ShouldNotBeNull().StatusCode.ShouldBe(202);
    }

    [Fact]
    public async Task CredentialsGeneration_Grows_WhenAKeyOrAnAppIsDeleted_OrAnAppChanges_AndNotOtherwise()
    {
        var app = await NewAppAsync();
        var key = NewKey(app.Id);
        await Store.ApiKeys.CreateAsync(key);
        var start = await Store.ApiKeys.CredentialsGenerationAsync();
        await Store.ApiKeys.CreateAsync(NewKey(app.Id, "second"));
        (await Store.ApiKeys.CredentialsGenerationAsync()).ShouldBe(start);

        await Store.ApiKeys.DeleteAsync(key.Id);
        var afterKey = await Store.ApiKeys.CredentialsGenerationAsync();
        await Store.Apps.UpdateAsync(app with { Name = "renamed" });
        var afterUpdate = await Store.ApiKeys.CredentialsGenerationAsync();
        await Store.Apps.DeleteAsync(app.Id);
        var afterApp = await Store.ApiKeys.CredentialsGenerationAsync();

        afterKey.ShouldBeGreaterThan(start);
        afterUpdate.ShouldBeGreaterThan(afterKey);
        afterApp.ShouldBeGreaterThan(afterUpdate);
        (await Store.ApiKeys.ExistsAsync(key.Id)).ShouldBeFalse();
    }
}
