using Hookline.Core.Concurrency;

namespace Hookline.Core.Tests.Concurrency;

public sealed class CoalescedReadTests
{
    /// <summary>A read the test finishes by hand, counting how many were started.</summary>
    private sealed class ManualReads
    {
        private readonly List<TaskCompletionSource<int>> _started = [];

        public int Started { get { lock (_started) { return _started.Count; } } }

        public Task<int> ReadAsync(CancellationToken _)
        {
            var read = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_started)
            {
                _started.Add(read);
            }
            return read.Task;
        }

        public void Finish(int index, int value)
        {
            lock (_started)
            {
                _started[index].SetResult(value);
            }
        }

        public void Fail(int index)
        {
            lock (_started)
            {
                _started[index].SetException(new InvalidOperationException("store down"));
            }
        }
    }

    [Fact]
    public async Task CallersArrivingWhileAReadRuns_ShareTheNextRead_NotTheRunningOne()
    {
        var reads = new ManualReads();
        var shared = new CoalescedRead<int>(reads.ReadAsync);

        var first = shared.ReadAsync(CancellationToken.None);
        var late = Enumerable.Range(0, 10).Select(_ => shared.ReadAsync(CancellationToken.None)).ToList();
        reads.Started.ShouldBe(1);

        reads.Finish(0, 1);
        (await first).ShouldBe(1);
        late.ShouldAllBe(t => !t.IsCompleted);

        await WaitUntil(() => reads.Started == 2);
        reads.Finish(1, 2);
        (await Task.WhenAll(late)).ShouldAllBe(v => v == 2);
        reads.Started.ShouldBe(2);
    }

    [Fact]
    public async Task AfterAllReadsEnd_TheNextCallerStartsAFreshRead()
    {
        var reads = new ManualReads();
        var shared = new CoalescedRead<int>(reads.ReadAsync);

        var first = shared.ReadAsync(CancellationToken.None);
        reads.Finish(0, 1);
        (await first).ShouldBe(1);

        var second = shared.ReadAsync(CancellationToken.None);
        reads.Started.ShouldBe(2);
        reads.Finish(1, 7);
        (await second).ShouldBe(7);
    }

    [Fact]
    public async Task AFailedRead_FailsItsCallers_AndTheQueuedReadStillRuns()
    {
        var reads = new ManualReads();
        var shared = new CoalescedRead<int>(reads.ReadAsync);

        var failing = shared.ReadAsync(CancellationToken.None);
        var queued = shared.ReadAsync(CancellationToken.None);
        reads.Fail(0);
        await Should.ThrowAsync<InvalidOperationException>(failing);

        await WaitUntil(() => reads.Started == 2);
        reads.Finish(1, 3);
        (await queued).ShouldBe(3);
    }

    [Fact]
    public async Task ACallerThatGivesUp_IsCancelled_WithoutCancellingTheReadOthersWaitFor()
    {
        var reads = new ManualReads();
        var shared = new CoalescedRead<int>(reads.ReadAsync);
        using var giveUp = new CancellationTokenSource();

        var impatient = shared.ReadAsync(giveUp.Token);
        var patient = shared.ReadAsync(CancellationToken.None);
        await giveUp.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(impatient);

        reads.Finish(0, 5);
        await WaitUntil(() => reads.Started == 2);
        reads.Finish(1, 6);
        (await patient).ShouldBe(6);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
