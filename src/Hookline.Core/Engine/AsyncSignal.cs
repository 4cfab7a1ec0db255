namespace Hookline.Core.Engine;

/// <summary>
/// An auto-reset signal for one waiter, awaited with a timeout measured on a <see cref="TimeProvider"/>.
/// A set while nobody waits is remembered, so a wake just before a wait is not lost.
/// </summary>
internal sealed class AsyncSignal(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private bool _set;
    private TaskCompletionSource? _waiter;

    public void Set()
    {
        lock (_gate)
        {
            _set = true;
            _waiter?.TrySetResult();
        }
    }

    /// <summary>Returns when the signal is set, the timeout passes, or <paramref name="ct"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_set || timeout <= TimeSpan.Zero)
            {
                _set = false;
                return;
            }
            waiter = _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        using (var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var delay = Task.Delay(timeout, clock, cancel.Token);
            await Task.WhenAny(waiter.Task, delay).ConfigureAwait(false);
            // Cancel the timer so an early wake does not leave it pending.
            await cancel.CancelAsync().ConfigureAwait(false);
        }
        lock (_gate)
        {
            // The caller acts right after this returns, which covers any set made until now.
            _set = false;
            _waiter = null;
        }
    }
}
