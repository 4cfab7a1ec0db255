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
}
