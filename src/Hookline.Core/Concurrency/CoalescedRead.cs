namespace Hookline.Core.Concurrency;

/// <summary>
/// One read shared by every caller that asks while it is pending, and never one that started before
/// the caller asked: a caller arriving while a read runs waits for the next read, which starts as soon
/// as the running one ends and serves everyone who arrived meanwhile. So under load a value that must
/// be fresh for each request (a generation number that moves when a key is revoked) costs one store
/// round trip per round of requests instead of one per request, and no caller is answered with a
/// value read before it arrived.
/// </summary>
public sealed class CoalescedRead<T>(Func<CancellationToken, Task<T>> read)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<T>? _running;
    private TaskCompletionSource<T>? _next;

    public Task<T> ReadAsync(CancellationToken ct)
    {
        TaskCompletionSource<T> shared;
        var start = false;
        lock (_gate)
        {
            if (_running is null)
            {
                shared = _running = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                start = true;
            }
            else
            {
                shared = _next ??= new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        if (start)
        {
            _ = RunAsync(shared);
        }
        return shared.Task.WaitAsync(ct);
    }

    private async Task RunAsync(TaskCompletionSource<T> current)
    {
        while (true)
        {
            T value = default!;
            Exception? failure = null;
            try
            {
                // No caller's token: the read serves callers that may still be waiting after one gave up.
                value = await read(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }
            // The queued read becomes the running one before this one's callers hear of their result, so a
            // caller that asks after hearing always gets a read that starts after it asked.
            TaskCompletionSource<T>? next;
            lock (_gate)
            {
                next = _next;
                _next = null;
                _running = next;
            }
            if (failure is null)
            {
                current.SetResult(value);
            }
            else
            {
                current.SetException(failure);
            }
            if (next is null)
            {
                return;
            }
            current = next;
        }
    }
}
